package io.chathistorybridge.sandbox;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The part named {@code file} of a chatfiles upload, streamed to disk: every byte of it is counted but only up to a
 * cap is written, so an oversized file is measured without being kept. The other parts are skipped.
 */
record FilePart(String filename, long size) {

    /** Copies the first part named file into {@code to}; null when the body has none, or ends inside it. */
    static FilePart copy(MultipartReader parts, Path to, long cap) throws IOException {
        long size = -1;
        String filename = null;
        Map<String, String> headers;
        while ((headers = parts.nextPart()) != null) {
            String disposition = headers.get("content-disposition");
            if ("file".equals(MultipartReader.dispositionParam(disposition, "name")) && size < 0) {
                filename = MultipartReader.dispositionParam(disposition, "filename");
                try (Capped out = new Capped(Files.newOutputStream(to), cap)) {
                    if (!parts.copyContent(out)) {
                        break;
                    }
                    size = out.count;
                }
            } else if (!parts.copyContent(null)) {
                break;
            }
        }
        return size < 0 ? null : new FilePart(filename == null ? "" : filename, size);
    }

    /** Counts every byte, writes only up to the cap. */
    private static final class Capped extends FilterOutputStream {
        private final long cap;
        long count;

        Capped(OutputStream out, long cap) {
            super(out);
            this.cap = cap;
        }

        @Override
        public void write(int b) throws IOException {
            if (count++ < cap) {
                out.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            long room = Math.max(0, cap - count);
            if (room > 0) {
                out.write(b, off, (int) Math.min(room, len));
            }
            count += len;
        }
    }
}
