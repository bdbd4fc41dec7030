package io.chathistorybridge.sandbox;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a multipart/form-data body as a stream, part after part: a part's content is copied to a sink up to the
 * next delimiter (KMP over {@code CRLF--boundary}), so a file part is never held in memory.
 */
final class MultipartReader {

    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    private final byte[] delimiter;
    private final int[] fallback;
    private boolean first = true;

    MultipartReader(InputStream body, String boundary) {
        this.in = body;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.fallback = new int[delimiter.length];
        for (int i = 1, k = 0; i < delimiter.length; i++) {
            while (k > 0 && delimiter[i] != delimiter[k]) {
                k = fallback[k - 1];
            }
            if (delimiter[i] == delimiter[k]) {
                k++;
            }
            fallback[i] = k;
        }
    }

    /** The boundary of a multipart/form-data content type, or null. */
    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        for (String p : contentType.split(";")) {
            String t = p.trim();
            if (t.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = t.substring(9);
                return b.startsWith("\"") && b.endsWith("\"") && b.length() > 1 ? b.substring(1, b.length() - 1) : b;
            }
        }
        return null;
    }

    /** The next part's headers (lower-case names), or null after the closing delimiter or at a broken body. */
    Map<String, String> nextPart() throws IOException {
        if (first) {
            first = false;
            // the first delimiter has no CRLF before it
            if (!copyToDelimiter(null, true)) {
                return null;
            }
        }
        int a = read();
        int b = read();
        if (a != '\r' || b != '\n') {
            return null; // "--": the closing delimiter
        }
        Map<String, String> headers = new HashMap<>();
        String line;
        while (!(line = line()).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    /** Copies the current part's content to {@code sink} (null: skipped); false if the body ended first. */
    boolean copyContent(OutputStream sink) throws IOException {
        if (sink == null) {
            return copyToDelimiter(null, false);
        }
        BufferedOutputStream buffered = new BufferedOutputStream(sink, 64 * 1024);
        boolean found = copyToDelimiter(buffered, false);
        buffered.flush();
        return found;
    }

    private int read() throws IOException {
        if (pos == lim) {
            lim = in.read(buf, 0, buf.length);
            pos = 0;
            if (lim <= 0) {
                lim = 0;
                return -1;
            }
        }
        return buf[pos++] & 0xff;
    }

    private boolean copyToDelimiter(OutputStream sink, boolean atStart) throws IOException {
        int matched = atStart ? 2 : 0; // the opening delimiter: as if its CRLF had been read
        int c;
        while ((c = read()) >= 0) {
            while (matched > 0 && c != (delimiter[matched] & 0xff)) {
                int back = fallback[matched - 1];
                if (sink != null && !(atStart && matched <= 2)) {
                    sink.write(delimiter, 0, matched - back);
                }
                matched = back;
            }
            if (c == (delimiter[matched] & 0xff)) {
                if (++matched == delimiter.length) {
                    return true;
                }
            } else if (sink != null) {
                sink.write(c);
            }
        }
        return false;
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
            if (b.size() > 8192) {
                throw new IOException("part header line too long");
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** A Content-Disposition parameter (name, filename), or null. */
    static String dispositionParam(String disposition, String name) {
        if (disposition == null) {
            return null;
        }
        for (String p : disposition.split(";")) {
            String t = p.trim();
            if (t.toLowerCase(Locale.ROOT).startsWith(name + "=")) {
                String v = t.substring(name.length() + 1);
                return v.startsWith("\"") && v.endsWith("\"") && v.length() > 1 ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }
}
