package io.chathistorybridge.imports;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * What an inbox file holds, told by its content and never by its name: gzip by its magic bytes (whatever the
 * extension), then text with one JSON record per line. Anything else is refused with
 * {@link UnreadableFileException}, naming what was found.
 */
final class FileFormat {

    /** Said in every refusal (and the file's .reason.txt): what the inbox takes. */
    static final String ACCEPTED = "accepted: gzip (recognised by content, any name) or plain text, UTF-8, one JSON"
            + " record per line (NDJSON), e.g. 2024061001.gz, .ndjson.gz, .ndjson, .jsonl, .json, .txt";
    private static final int HEAD = 1 << 16;

    private FileFormat() {
    }

    /**
     * The file as plain text: itself, or unpacked to {@code work} when its content is gzip (gzip cannot be read
     * at random).
     */
    static Path plainText(Path file, Path work) throws IOException {
        String name = file.getFileName().toString();
        if (!isGzip(file)) {
            if (name.toLowerCase().endsWith(".gz")) {
                throw new UnreadableFileException("named .gz but not gzip (it does not start with the gzip bytes 1f 8b)");
            }
            return file;
        }
        Files.createDirectories(work.getParent());
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), HEAD), HEAD)) {
            Files.copy(in, work, StandardCopyOption.REPLACE_EXISTING);
        } catch (ZipException | EOFException e) {
            Files.deleteIfExists(work);
            // a truncated file ends with an EOFException that has no message
            String why = e instanceof EOFException ? "cut off: it ends in the middle of its compressed data"
                    : e.getMessage();
            throw new UnreadableFileException("not a readable gzip file (" + why + ")");
        }
        return work;
    }

    private static boolean isGzip(Path file) throws IOException {
        byte[] magic;
        try (InputStream in = Files.newInputStream(file)) {
            magic = in.readNBytes(2);
        }
        return magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
    }

    /**
     * Refuses plain content that is not one JSON record per line: a binary file (a NUL byte in the first 64 KB,
     * or a known file signature), or text whose first record does not start with '{' (after a UTF-8 BOM and
     * blanks). An empty file passes: it has no lines.
     */
    static void checkText(Path plain) throws IOException {
        byte[] head = new byte[HEAD];
        int n;
        try (InputStream in = Files.newInputStream(plain)) {
            n = in.readNBytes(head, 0, head.length);
        }
        String kind = signature(head, n);
        if (kind != null) {
            throw new UnreadableFileException("not a text file (" + kind + ")");
        }
        for (int i = 0; i < n; i++) {
            if (head[i] == 0) {
                throw new UnreadableFileException("not a text file (binary content at byte " + i + ")");
            }
        }
        int i = n >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf ? 3 : 0;
        while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
            i++;
        }
        if (i < n && head[i] != '{') {
            throw new UnreadableFileException(head[i] == '['
                    ? "a JSON array, not one JSON record per line (convert it with: jq -c '.[]')"
                    : "not NDJSON: the first record starts with '" + printable(head[i]) + "' at byte " + i
                    + ", where a JSON object '{' is expected");
        }
    }

    private static String signature(byte[] b, int n) {
        if (n >= 2 && ((b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe || (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff)) {
            return "UTF-16 text, UTF-8 expected: convert it with iconv -f utf-16 -t utf-8";
        }
        if (n >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return "a JPEG image";
        }
        if (n >= 4 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "a PNG image";
        }
        if (n >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) {
            return "a zip archive, not gzip";
        }
        if (n >= 4 && b[0] == '%' && b[1] == 'P' && b[2] == 'D' && b[3] == 'F') {
            return "a PDF document";
        }
        return null;
    }

    private static String printable(byte b) {
        return b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("0x%02x", b & 0xff);
    }
}
