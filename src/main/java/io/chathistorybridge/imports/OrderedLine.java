package io.chathistorybridge.imports;

/**
 * One line of a message file, handed out in import order.
 *
 * @param number       line number in the file (1-based)
 * @param text         the line as it is in the file; null when it is not valid UTF-8
 * @param timestamp    the time to import it with (a tie in its conversation moved it +1 ms), or
 *                     Long.MIN_VALUE when the line has none
 * @param conversation hash of its conversation (lines of one conversation are posted one after another)
 * @param shifted      whether the timestamp was moved to keep the conversation strictly increasing
 * @param bytes        the line's bytes when it is not valid UTF-8 (kept for the dead letter), else null
 * @param invalidAt    offset in the line of its first byte that is not UTF-8, or -1
 * @param fileOffset   offset in the (unpacked) file of that byte, or -1
 */
public record OrderedLine(int number, String text, long timestamp, long conversation, boolean shifted,
                          byte[] bytes, int invalidAt, long fileOffset) {

    public OrderedLine(int number, String text, long timestamp, long conversation, boolean shifted) {
        this(number, text, timestamp, conversation, shifted, null, -1, -1);
    }

    /** A line that is not valid UTF-8: nothing is decoded, its bytes go to the dead letter as they are. */
    static OrderedLine notUtf8(int number, byte[] bytes, int invalidAt, long fileOffset, long conversation) {
        return new OrderedLine(number, null, Long.MIN_VALUE, conversation, false, bytes, invalidAt, fileOffset);
    }
}
