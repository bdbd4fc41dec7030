package io.chathistorybridge.export;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Turns an hour's downloaded history files ({@code exportRawFiles}) into {@code {output}/{hour}.ndjson}.
 * <p>
 * Streams all the way: gunzip (concatenated members accepted, each member's CRC and length checked by
 * reading to the end), one line at a time, each line parsed by Jackson's streaming parser (no tree), written
 * unchanged. A record whose {@code msg_id} was already seen in the hour is dropped; a line that is not a
 * JSON object goes to {@code {rejects}/{hour}.rejects.ndjson} with its file and line number. The output is
 * written as {@code .{hour}.ndjson.part} in the output folder and renamed when complete, so the import route
 * never sees half a file. Sets {@code exportRecords}, {@code exportDuplicates}, {@code exportRejects}.
 */
public final class HourFileWriter implements Processor {

    public static final String HOUR = "exportHour";
    public static final String RECORDS = "exportRecords";
    public static final String DUPLICATES = "exportDuplicates";
    public static final String REJECTS = "exportRejects";

    private static final int EXPECTED_RECORDS = 1 << 16;

    private final Path outputDir;
    private final Path rejectsDir;
    private final boolean keepRaw;
    private final ObjectMapper json;
    private final JsonFactory factory;

    public HourFileWriter(Path outputDir, Path rejectsDir, boolean keepRaw, ObjectMapper json) {
        this.outputDir = outputDir;
        this.rejectsDir = rejectsDir;
        this.keepRaw = keepRaw;
        this.json = json;
        this.factory = json.getFactory();
    }

    /** Counts of one written hour. */
    public record Result(Path file, long records, long duplicates, long rejects) {}

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) throws IOException {
        String hour = exchange.getProperty(HOUR, String.class);
        List<String> raw = exchange.getProperty(NextDownload.RAW_FILES, List.class);
        Result result = write(hour, raw.stream().map(Path::of).toList());
        exchange.setProperty(RECORDS, result.records());
        exchange.setProperty(DUPLICATES, result.duplicates());
        exchange.setProperty(REJECTS, result.rejects());
    }

    public Result write(String hour, List<Path> rawFiles) throws IOException {
        Files.createDirectories(outputDir);
        Path target = outputDir.resolve(hour + ".ndjson");
        Path part = outputDir.resolve("." + hour + ".ndjson.part");
        Path rejectsPart = rejectsDir.resolve("." + hour + ".rejects.ndjson.part");
        LongHashSet seen = new LongHashSet(EXPECTED_RECORDS);
        long records = 0;
        long duplicates = 0;
        long rejects = 0;
        Writer rejectsOut = null;
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             Writer out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
                     StandardCharsets.UTF_8), 1 << 16)) {
            for (Path raw : rawFiles) {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(gunzip(raw), StandardCharsets.UTF_8),
                        1 << 16)) {
                    long lineNo = 0;
                    String line;
                    while ((line = in.readLine()) != null) {
                        lineNo++;
                        if (line.isBlank()) {
                            continue;
                        }
                        String msgId;
                        try {
                            msgId = msgIdOf(line);
                        } catch (JsonProcessingException | IllegalArgumentException bad) {
                            if (rejectsOut == null) {
                                Files.createDirectories(rejectsDir);
                                rejectsOut = Files.newBufferedWriter(rejectsPart, StandardCharsets.UTF_8);
                            }
                            rejectsOut.write(reject(hour, raw, lineNo, bad, line));
                            rejectsOut.write('\n');
                            rejects++;
                            continue;
                        }
                        if (msgId != null && !seen.add(LongHashSet.hash(msgId))) {
                            duplicates++;
                            continue;
                        }
                        out.write(line);
                        out.write('\n');
                        records++;
                    }
                }
            }
            out.flush();
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            if (rejectsOut != null) {
                rejectsOut.close();
            }
            Files.deleteIfExists(part);
            Files.deleteIfExists(rejectsPart);
            throw e;
        }
        if (rejectsOut != null) {
            rejectsOut.close();
            Files.move(rejectsPart, rejectsDir.resolve(hour + ".rejects.ndjson"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (!keepRaw) {
            for (Path raw : rawFiles) {
                Files.deleteIfExists(raw);
            }
        }
        return new Result(target, records, duplicates, rejects);
    }

    /** The gunzipped content; a file that is not gzip fails the hour rather than being read as text. */
    private static InputStream gunzip(Path raw) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(raw), 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b1 != 0x1f || b2 != 0x8b) {
            in.close();
            throw new IOException("downloaded history file " + raw.getFileName() + " is not gzip"
                    + (b1 < 0 ? " (empty)" : ""));
        }
        return new GZIPInputStream(in, 1 << 16);
    }

    /** The record's top-level msg_id (null when it has none); throws when the line is not one JSON object. */
    String msgIdOf(String line) throws IOException {
        try (JsonParser p = factory.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            String msgId = null;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                if (t != JsonToken.FIELD_NAME) {
                    throw new IllegalArgumentException("malformed object");
                }
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    p.skipChildren();
                } else if ("msg_id".equals(field) && value != JsonToken.VALUE_NULL) {
                    msgId = p.getText();
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("text after the JSON object");
            }
            return msgId;
        }
    }

    private String reject(String hour, Path raw, long lineNo, Exception why, String line) throws IOException {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("hour", hour);
        entry.put("file", raw.getFileName().toString());
        entry.put("line", lineNo);
        String reason = why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage();
        int cut = reason.indexOf('\n');
        entry.put("error", cut > 0 ? reason.substring(0, cut) : reason);
        entry.put("text", line);
        return json.writeValueAsString(entry);
    }
}
