package io.chathistorybridge.imports;

/**
 * One line of a message file, handed out in import order.
 *
 * @param number       line number in the file (1-based)
 * @param text         the line as it is in the file
 * @param timestamp    the time to import it with (a tie in its conversation moved it +1 ms), or
 *                     Long.MIN_VALUE when the line has none
 * @param conversation hash of its conversation (lines of one conversation are posted one after another)
 * @param shifted      whether the timestamp was moved to keep the conversation strictly increasing
 */
public record OrderedLine(int number, String text, long timestamp, long conversation, boolean shifted) {
}
