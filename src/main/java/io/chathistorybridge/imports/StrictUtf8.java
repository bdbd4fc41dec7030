package io.chathistorybridge.imports;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a line's bytes as UTF-8 and refuses what is not (never a replacement character: the bytes would be
 * lost). Reused line after line by one thread; an all-ASCII line takes a plain loop and no decoder.
 */
public final class StrictUtf8 {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private CharBuffer chars = CharBuffer.allocate(1024);
    private int invalidAt = -1;

    /** The text, or null when the bytes are not valid UTF-8 ({@link #invalidAt()} then says where). */
    public String decode(byte[] bytes, int offset, int length) {
        invalidAt = -1;
        int end = offset + length;
        int i = offset;
        while (i < end && bytes[i] >= 0) {
            i++;
        }
        if (i == end) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1); // ASCII: the same text
        }
        if (chars.capacity() < length) {
            chars = CharBuffer.allocate(Math.max(length, chars.capacity() * 2));
        }
        chars.clear();
        decoder.reset();
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        CoderResult result = decoder.decode(in, chars, true);
        if (!result.isError()) {
            result = decoder.flush(chars);
        }
        if (result.isError()) {
            invalidAt = in.position() - offset;
            return null;
        }
        chars.flip();
        return chars.toString();
    }

    /** Byte offset in the line of the first byte that is not UTF-8, after a {@link #decode} that returned null. */
    public int invalidAt() {
        return invalidAt;
    }
}
