package io.chathistorybridge.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The lines of an hour that were set aside: {@code {rejects}/{hour}.rejects.ndjson}, one JSON entry a line with
 * the hour, file, line number, byte offset of the line in the gunzipped file, the reason, the line's exact bytes as
 * {@code raw_line_base64} and, when the line is valid UTF-8, the same as {@code text}. Written as a
 * {@code .part} file, opened on the first reject, and moved into place by {@link #publish()}.
 */
final class HourRejects implements AutoCloseable {

    private final Path dir;
    private final String hour;
    private final ObjectMapper json;
    private final Path part;
    private OutputStream out;
    private long count;

    HourRejects(Path dir, String hour, ObjectMapper json) {
        this.dir = dir;
        this.hour = hour;
        this.json = json;
        this.part = dir.resolve("." + hour + ".rejects.ndjson.part");
    }

    void add(Path raw, HistoryLines line, String reason, boolean utf8) throws IOException {
        if (out == null) {
            Files.createDirectories(dir);
            out = new BufferedOutputStream(Files.newOutputStream(part), 1 << 14);
        }
        byte[] bytes = Arrays.copyOfRange(line.buffer(), line.start(), line.end());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("hour", hour);
        entry.put("file", raw.getFileName().toString());
        entry.put("line", line.number());
        entry.put("offset", line.offset());
        int cut = reason.indexOf('\n');
        entry.put("error", cut > 0 ? reason.substring(0, cut) : reason);
        if (utf8) {
            entry.put("text", new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }
        entry.put("raw_line_base64", Base64.getEncoder().encodeToString(bytes));
        out.write(json.writeValueAsBytes(entry));
        out.write('\n');
        count++;
    }

    long count() {
        return count;
    }

    /** Moves the complete file into place (nothing when there was no reject). */
    void publish() throws IOException {
        if (out != null) {
            out.close();
            out = null;
            Files.move(part, dir.resolve(hour + ".rejects.ndjson"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Drops the unfinished file (the hour failed). */
    void discard() throws IOException {
        close();
        Files.deleteIfExists(part);
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
