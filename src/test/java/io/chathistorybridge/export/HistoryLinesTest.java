package io.chathistorybridge.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The byte line splitter and the UTF-8 check the export writer relies on. */
class HistoryLinesTest {

    /** An input stream that hands out at most one byte a read, so every line and the BOM cross read edges. */
    private static InputStream trickle(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    private static List<String> lines(InputStream in, List<Long> offsets) throws IOException {
        HistoryLines lines = new HistoryLines(in);
        List<String> all = new ArrayList<>();
        while (lines.next()) {
            all.add(new String(lines.buffer(), lines.start(), lines.end() - lines.start(), StandardCharsets.ISO_8859_1));
            offsets.add(lines.offset());
            assertEquals(all.size(), lines.number());
        }
        return all;
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void splitsOnLfDropsOnlyTheCrOfACrlfAndSkipsALeadingBom() throws IOException {
        byte[] text = latin1("\u00ef\u00bb\u00bfa\r\nb\rc\n\n\r\nlast\r");
        for (InputStream in : List.of(new ByteArrayInputStream(text), trickle(text))) {
            List<Long> offsets = new ArrayList<>();
            assertEquals(List.of("a", "b\rc", "", "", "last\r"), lines(in, offsets));
            assertEquals(List.of(3L, 6L, 10L, 11L, 13L), offsets);
        }
    }

    @Test
    void aBomIsSkippedOnlyAtTheStartOfTheFile() throws IOException {
        byte[] text = latin1("x\n\u00ef\u00bb\u00bfy\n");
        assertEquals(List.of("x", "\u00ef\u00bb\u00bfy"), lines(trickle(text), new ArrayList<>()));
        assertEquals(List.of("\u00ef\u00bb"), lines(new ByteArrayInputStream(latin1("\u00ef\u00bb")), new ArrayList<>()));
        assertEquals(List.of(), lines(new ByteArrayInputStream(latin1("\u00ef\u00bb\u00bf")), new ArrayList<>()));
    }

    @Test
    void aLineLongerThanTheBufferIsKeptWhole() throws IOException {
        String big = "y".repeat(300_000);
        assertEquals(List.of("a", big, "b"), lines(new ByteArrayInputStream(latin1("a\n" + big + "\nb")), new ArrayList<>()));
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aFileWithoutLineEndsEndsWithAClearErrorNotAnEndlessBuffer() throws IOException {
        byte[] noLineEnd = latin1("z".repeat(200_000));
        HistoryLines lines = new HistoryLines(new ByteArrayInputStream(noLineEnd), 1 << 17);
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, lines::next);
        assertEquals("line 1 (at byte 0) has no line end within 131072 bytes: not a history file", e.getMessage());
        HistoryLines fits = new HistoryLines(new ByteArrayInputStream(latin1("z".repeat(100_000) + "\nok")), 1 << 17);
        assertEquals(true, fits.next());
        assertEquals(100_000, fits.end() - fits.start());
    }

    private static int jdkFirstInvalid(byte[] b) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b);
        var out = java.nio.CharBuffer.allocate(b.length * 2 + 2);
        var result = decoder.decode(in, out, true);
        if (result.isError()) {
            return in.position();
        }
        result = decoder.flush(out);
        return result.isError() ? in.position() : -1;
    }

    @Test
    void utf8CheckAgreesWithTheJdkDecoder() throws CharacterCodingException {
        byte[][] known = {
            latin1("plain"), "你好 👋🏽 é".getBytes(StandardCharsets.UTF_8),
            {(byte) 0xc3, 0x28}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xe0, (byte) 0x80, (byte) 0xaf},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xf0, (byte) 0x9f, (byte) 0x98}, {'a', (byte) 0x80}, {(byte) 0xff}, {'a', 'b', (byte) 0xe4, (byte) 0xbd}
        };
        for (byte[] b : known) {
            assertEquals(jdkFirstInvalid(b), Utf8.firstInvalid(b, 0, b.length), Arrays.toString(b));
        }
        assertEquals(-1, Utf8.firstInvalid(new byte[] {'x', (byte) 0xc3, (byte) 0xa9, (byte) 0xff}, 1, 3),
                "only the given range is checked");
        Random random = new Random(7);
        byte[] alphabet = {'a', '"', (byte) 0x80, (byte) 0x8f, (byte) 0x90, (byte) 0x9f, (byte) 0xa0, (byte) 0xbf,
            (byte) 0xc1, (byte) 0xc2, (byte) 0xdf, (byte) 0xe0, (byte) 0xe1, (byte) 0xed, (byte) 0xef, (byte) 0xf0,
            (byte) 0xf4, (byte) 0xf5, (byte) 0xff};
        for (int n = 0; n < 200_000; n++) {
            byte[] b = new byte[1 + random.nextInt(6)];
            for (int i = 0; i < b.length; i++) {
                b[i] = alphabet[random.nextInt(alphabet.length)];
            }
            int jdk = jdkFirstInvalid(b);
            int ours = Utf8.firstInvalid(b, 0, b.length);
            assertEquals(jdk < 0, ours < 0, Arrays.toString(b));
            if (jdk >= 0) {
                assertEquals(jdk, ours, Arrays.toString(b));
            }
        }
    }
}
