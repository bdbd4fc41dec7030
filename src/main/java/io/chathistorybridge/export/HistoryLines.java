package io.chathistorybridge.export;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The lines of one gunzipped history file as bytes, never decoded: {@link #next()} moves to the next line, whose
 * bytes are {@code buffer()[start(), end())}.
 * <p>
 * What a line is: the bytes up to a {@code \n}, or up to the end of the file when the last line has no {@code \n}.
 * A {@code \r} right before the {@code \n} (CRLF) belongs to the line end and is not part of the line; any other
 * {@code \r} is kept. A UTF-8 byte order mark at the very start of the file is skipped. Every other byte is kept.
 * <p>
 * A line without a line end within {@link #MAX_LINE} bytes ends the file with an error rather than growing the
 * buffer without end: no history record comes near it (the API's limit for a message's body and ext is 5 KB), so
 * such a file is not a history file (a file with no line ends, for instance).
 */
final class HistoryLines {

    static final int MAX_LINE = 64 << 20;
    private static final int CHUNK = 1 << 16;

    private final InputStream in;
    private final int maxLine;
    private byte[] buf = new byte[CHUNK];
    private int pos;
    private int limit;
    private long consumed;
    private boolean eof;
    private boolean first = true;
    private int start;
    private int end;
    private long offset;
    private long number;

    HistoryLines(InputStream in) {
        this(in, MAX_LINE);
    }

    HistoryLines(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /** Moves to the next line; false at the end of the file. */
    boolean next() throws IOException {
        if (first) {
            first = false;
            while (limit < 3 && !eof) {
                fill();
            }
            if (limit >= 3 && (buf[0] & 0xff) == 0xef && (buf[1] & 0xff) == 0xbb && (buf[2] & 0xff) == 0xbf) {
                pos = 3;
            }
        }
        int scan = pos;
        while (true) {
            for (int i = scan; i < limit; i++) {
                if (buf[i] == '\n') {
                    take(i, i + 1);
                    return true;
                }
            }
            if (eof) {
                if (pos < limit) {
                    take(limit, limit);
                    return true;
                }
                return false;
            }
            int scanned = limit - pos;
            fill();
            scan = pos + scanned;
        }
    }

    private void take(int lineEnd, int next) {
        start = pos;
        end = lineEnd > pos && lineEnd < limit && buf[lineEnd - 1] == '\r' && buf[lineEnd] == '\n' ? lineEnd - 1 : lineEnd;
        offset = consumed + pos;
        number++;
        pos = next;
    }

    /** Keeps the unread bytes at the front of the buffer (growing it when a line fills it) and reads more. */
    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            consumed += pos;
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            if (buf.length >= maxLine) {
                throw new IOException("line " + (number + 1) + " (at byte " + consumed + ") has no line end within "
                        + maxLine + " bytes: not a history file");
            }
            buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxLine));
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    byte[] buffer() {
        return buf;
    }

    int start() {
        return start;
    }

    int end() {
        return end;
    }

    /** The line's 1-based number in the file. */
    long number() {
        return number;
    }

    /** The byte offset of the line's first byte in the gunzipped file (a skipped BOM counts). */
    long offset() {
        return offset;
    }
}
