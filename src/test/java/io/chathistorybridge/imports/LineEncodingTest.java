package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each line-level rule on its own: UTF-8 checked per line, BOM skipped, CRLF, blank lines counted. */
class LineEncodingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static byte[] record(String id, long ts, String msg) {
        return ("{\"chat_type\":\"chat\",\"msg_id\":\"" + id + "\",\"timestamp\":" + ts + ",\"from\":\"a\",\"to\":\"b\","
                + "\"payload\":{\"bodies\":[{\"type\":\"txt\",\"msg\":\"" + msg + "\"}],\"from\":\"a\",\"to\":\"b\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private List<OrderedLine> index(byte[]... parts) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p);
        }
        Path file = dir.resolve("f.ndjson");
        Files.write(file, out.toByteArray());
        try (LineIndex index = LineIndex.build(file, JSON)) {
            List<OrderedLine> lines = new ArrayList<>();
            index.inOrder(() -> true).forEachRemaining(lines::add);
            blank = index.blankCount();
            return lines;
        }
    }

    private int blank;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aLineThatIsNotUtf8KeepsItsBytesAndSaysWhere() throws Exception {
        byte[] bad = record("m2", 2000, "caf\u00e9");
        byte[] latin1 = new String(bad, StandardCharsets.UTF_8).getBytes(StandardCharsets.ISO_8859_1);
        byte[] first = record("m1", 1000, "ok");
        List<OrderedLine> lines = index(first, b("\n"), latin1, b("\n"));
        assertEquals(2, lines.size());
        OrderedLine notUtf8 = lines.stream().filter(l -> l.text() == null).findFirst().orElseThrow();
        assertEquals(2, notUtf8.number());
        assertArrayEquals(latin1, notUtf8.bytes(), "its bytes as they were");
        int at = new String(latin1, StandardCharsets.ISO_8859_1).indexOf('\u00e9');
        assertEquals(at, notUtf8.invalidAt());
        assertEquals(first.length + 1 + at, notUtf8.fileOffset());
    }

    @Test
    void validMultiByteTextIsDecodedExactly() throws Exception {
        List<OrderedLine> lines = index(record("m1", 1000, "你好 ✓ \uD83D\uDE00"), b("\n"));
        assertEquals(JSON.readTree(record("m1", 1000, "你好 ✓ \uD83D\uDE00")), JSON.readTree(lines.get(0).text()));
        assertNull(lines.get(0).bytes());
    }

    @Test
    void aTruncatedCharacterAtTheEndOfTheLastLineIsNotUtf8() throws Exception {
        byte[] cut = b("{\"x\":\"\u4f60");
        byte[] line = new byte[cut.length - 1];
        System.arraycopy(cut, 0, line, 0, line.length);
        List<OrderedLine> lines = index(record("m1", 1000, "ok"), b("\n"), line);
        assertEquals(line.length - 2, lines.stream().filter(l -> l.text() == null).findFirst().orElseThrow().invalidAt());
    }

    @Test
    void aByteOrderMarkAtTheStartIsSkipped() throws Exception {
        List<OrderedLine> lines = index(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, record("m1", 1000, "ok"), b("\n"));
        assertEquals(1, lines.size());
        assertEquals('{', lines.get(0).text().charAt(0));
        assertEquals(1000, lines.get(0).timestamp(), "the first record is read, not lost to the mark");
    }

    @Test
    void crlfLineEndsAreLineEnds() throws Exception {
        List<OrderedLine> lines = index(record("m1", 1000, "a"), b("\r\n"), record("m2", 2000, "b"), b("\r\n"));
        assertEquals(2, lines.size());
        lines.forEach(l -> assertEquals('}', l.text().charAt(l.text().length() - 1), "no \\r kept"));
        assertEquals(0, blank);
    }

    @Test
    void blankLinesAreCountedNotIndexed() throws Exception {
        List<OrderedLine> lines = index(b("\n"), record("m1", 1000, "a"), b("\n  \t\r\n\r\n"), record("m2", 2000, "b"));
        assertEquals(2, lines.size());
        assertEquals(3, blank);
        assertEquals(5, lines.get(1).number(), "line numbers count the blank lines");
    }

    @Test
    void theStrictDecoderTakesAsciiAndRefusesEachKindOfBadSequence() {
        StrictUtf8 utf8 = new StrictUtf8();
        assertEquals("plain", utf8.decode(b("plain"), 0, 5));
        byte[][] bad = {{'a', (byte) 0x80}, {'a', (byte) 0xc3}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // lone surrogate
                {(byte) 0xc0, (byte) 0xaf}, {'a', 'b', (byte) 0xff}};
        int[] at = {1, 1, 0, 0, 2};
        for (int i = 0; i < bad.length; i++) {
            assertNull(utf8.decode(bad[i], 0, bad[i].length), "case " + i);
            assertEquals(at[i], utf8.invalidAt(), "case " + i);
        }
        assertEquals("é", utf8.decode(b("é"), 0, 2), "reusable after an error");
    }
}
