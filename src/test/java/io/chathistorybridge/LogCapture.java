package io.chathistorybridge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What a test logged, for its assertions: from {@link #start()} to {@link #close()} System.err, where slf4j-simple
 * writes, goes both to its own stream (the test report keeps it) and to this capture.
 */
public final class LogCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private LogCapture() {
        System.setErr(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    /** Everything logged since the start. */
    public String text() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    public boolean contains(String part) {
        return text().contains(part);
    }

    @Override
    public String toString() {
        return text();
    }

    /** Puts System.err back. */
    @Override
    public void close() {
        System.setErr(original);
    }

    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}
