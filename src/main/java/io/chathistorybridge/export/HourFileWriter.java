package io.chathistorybridge.export;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Turns an hour's downloaded history files into {@code {output}/{hour}.ndjson}, and the hour's answer into WRITTEN.
 * <p>
 * Nothing is changed: each line's bytes, as the history file holds them, are copied to the output or set aside,
 * never decoded and re-encoded. Streams all the way: gunzip (concatenated members accepted, each member's CRC and
 * length checked by reading to the end), split on {@code \n} in a byte buffer ({@link HistoryLines}: a BOM at the
 * file's start skipped, a CRLF's CR taken as part of the line end; the output's line end is {@code \n}). Per line:
 * <ul>
 *   <li>only spaces, tabs or CRs: counted as blank, not written;</li>
 *   <li>not well-formed UTF-8: set aside with the offset of the first bad byte (its bytes kept as base64);</li>
 *   <li>not one JSON object (checked by Jackson's streaming parser on the bytes, no tree): set aside;</li>
 *   <li>a top-level {@code msg_id} already seen in the hour ({@link SeenIds}): dropped, counted;</li>
 *   <li>otherwise written byte for byte.</li>
 * </ul>
 * Set-aside lines go to {@code {rejects}/{hour}.rejects.ndjson} ({@link HourRejects}). The output is written as
 * {@code .{hour}.ndjson.part} in the output folder and renamed when complete, so the import route never sees half
 * a file.
 */
public final class HourFileWriter implements Processor {

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

    /** Counts of one written hour: {@code lines = records + duplicates + rejects + blank}. */
    public record Result(Path file, long lines, long records, long duplicates, long rejects, long blank) {}

    @Override
    public void process(Exchange exchange) throws IOException {
        ExportHour hour = ExportHour.of(exchange);
        hour.written(write(hour.hour(), hour.rawFiles()));
    }

    public Result write(String hour, List<Path> rawFiles) throws IOException {
        Files.createDirectories(outputDir);
        Path target = outputDir.resolve(hour + ".ndjson");
        Path part = outputDir.resolve("." + hour + ".ndjson.part");
        SeenIds seen = new SeenIds(EXPECTED_RECORDS);
        long lines = 0;
        long records = 0;
        long duplicates = 0;
        long blank = 0;
        HourRejects rejects = new HourRejects(rejectsDir, hour, json);
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
            for (Path raw : rawFiles) {
                try (InputStream in = gunzip(raw)) {
                    HistoryLines line = new HistoryLines(in);
                    while (line.next()) {
                        lines++;
                        byte[] b = line.buffer();
                        int start = line.start();
                        int end = line.end();
                        if (isBlank(b, start, end)) {
                            blank++;
                            continue;
                        }
                        int bad = Utf8.firstInvalid(b, start, end);
                        if (bad >= 0) {
                            rejects.add(raw, line, "not valid UTF-8 at byte " + (bad - start) + " of the line (offset "
                                    + (line.offset() + bad - start) + " in the file)", false);
                            continue;
                        }
                        String msgId;
                        try {
                            msgId = msgIdOf(b, start, end - start);
                        } catch (JsonProcessingException | IllegalArgumentException notJson) {
                            rejects.add(raw, line, reason(notJson), true);
                            continue;
                        }
                        if (msgId != null && !seen.add(msgId)) {
                            duplicates++;
                            continue;
                        }
                        out.write(b, start, end - start);
                        out.write('\n');
                        records++;
                    }
                }
            }
            out.flush();
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            rejects.discard();
            Files.deleteIfExists(part);
            throw e;
        }
        rejects.publish();
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (!keepRaw) {
            for (Path raw : rawFiles) {
                Files.deleteIfExists(raw);
            }
        }
        return new Result(target, lines, records, duplicates, rejects.count(), blank);
    }

    /** Only spaces, tabs and CRs (JSON's whitespace; the LF is the line end). */
    static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
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

    /**
     * The record's top-level msg_id (null when it has none; a {@code msg_id} inside {@code payload} or anywhere
     * deeper is skipped with its object); throws when the bytes are not one JSON object.
     */
    String msgIdOf(byte[] line, int offset, int length) throws IOException {
        try (JsonParser p = factory.createParser(line, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            String msgId = null;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                if (t != JsonToken.FIELD_NAME) {
                    throw new IllegalArgumentException("malformed object");
                }
                boolean isMsgId = "msg_id".equals(p.currentName());
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    p.skipChildren();
                } else if (isMsgId && value != JsonToken.VALUE_NULL) {
                    msgId = p.getText();
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("text after the JSON object");
            }
            return msgId;
        }
    }

    private static String reason(Exception why) {
        String reason = why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage();
        int cut = reason.indexOf('\n');
        return cut > 0 ? reason.substring(0, cut) : reason;
    }
}
