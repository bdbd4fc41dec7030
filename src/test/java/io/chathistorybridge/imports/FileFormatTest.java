package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files are told by content: gzip by its magic bytes whatever the name; then one JSON record per line. */
class FileFormatTest {

    @TempDir
    Path dir;

    private static final byte[] NDJSON = "{\"a\":1}\n{\"a\":2}\n".getBytes(StandardCharsets.UTF_8);

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        }
        return out.toByteArray();
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private String refusal(String name, byte[] content) {
        return assertThrows(UnreadableFileException.class, () -> {
            Path plain = FileFormat.plainText(file(name, content), dir.resolve("work/" + name + ".unpacked"));
            FileFormat.checkText(plain);
        }).getMessage();
    }

    @Test
    void gzipIsUnpackedWhateverTheName() throws Exception {
        for (String name : new String[] {"2024061001.gz", "2024061001.ndjson.gz", "2024061001", "notes.txt", "x.NDJSON"}) {
            Path plain = FileFormat.plainText(file(name, gzip(NDJSON)), dir.resolve("work/" + name + ".unpacked"));
            assertEquals(dir.resolve("work/" + name + ".unpacked"), plain, name);
            assertEquals(new String(NDJSON, StandardCharsets.UTF_8), Files.readString(plain), name);
        }
    }

    @Test
    void plainTextIsReadInPlaceWhateverTheName() throws Exception {
        for (String name : new String[] {"2024061001.ndjson", "a.json", "a.jsonl", "notes.txt", "history"}) {
            Path f = file(name, NDJSON);
            assertEquals(f, FileFormat.plainText(f, dir.resolve("work/x")), name);
            FileFormat.checkText(f);
        }
        FileFormat.checkText(file("bom.txt", ("\uFEFF\r\n  " + new String(NDJSON, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
        FileFormat.checkText(file("empty.ndjson", new byte[0]));
    }

    @Test
    void whatIsNotGzipOrNdjsonIsRefusedSayingWhatItIs() throws Exception {
        assertTrue(refusal("2024061001.gz", NDJSON).contains("named .gz but not gzip"));
        byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0};
        assertTrue(refusal("photo.jpg", jpeg).contains("a JPEG image"));
        assertTrue(refusal("photo.gz.jpg", gzip(jpeg)).contains("a JPEG image"), "inside gzip too");
        assertTrue(refusal("blob.bin", new byte[] {'a', 'b', 0, 'c'}).contains("binary content at byte 2"));
        assertTrue(refusal("a.json", "[{\"a\":1}]".getBytes(StandardCharsets.UTF_8)).contains("a JSON array"));
        assertTrue(refusal("log.txt", "2024-06-10 INFO start\n".getBytes(StandardCharsets.UTF_8))
                .contains("the first record starts with '2' at byte 0"));
        assertTrue(refusal("win.json", "\uFEFF{\"a\":1}".getBytes(StandardCharsets.UTF_16LE)).contains("UTF-16 text"));
        byte[] cut = gzip(NDJSON);
        byte[] truncated = java.util.Arrays.copyOf(cut, cut.length - 6);
        assertTrue(refusal("cut.gz", truncated).contains("not a readable gzip file"));
    }
}
