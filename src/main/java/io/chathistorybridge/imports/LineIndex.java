package io.chathistorybridge.imports;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;

import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.LongLongHashMap;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The ordering pass over a message file: reads it once and keeps, per line, only primitives (byte offset,
 * length, timestamp, conversation hash, line number, sort position: 45 bytes), then sorts by (timestamp, line). The bodies
 * stay on disk and are read back one at a time in that order. Within a conversation equal timestamps are
 * moved +1 ms in file order, because the import API wants them strictly increasing.
 */
public final class LineIndex implements Closeable {

    private final Path file;
    private long[] offsets = new long[1024];
    private int[] lengths = new int[1024];
    private long[] timestamps = new long[1024];
    private long[] conversations = new long[1024];
    private int[] lineNumbers = new int[1024];
    private boolean[] shifted;
    private int[] order;
    private long[] sortKeys;
    private int count;
    private int shiftedCount;
    private int blankCount;
    // position -> offset in the line of its first byte that is not UTF-8 (rare: no array per line)
    private final LongLongHashMap notUtf8 = new LongLongHashMap(16);
    private final StrictUtf8 utf8 = new StrictUtf8();
    private FileChannel channel;

    private LineIndex(Path file) {
        this.file = file;
    }

    /**
     * Indexes a plain (not gzipped) NDJSON file. Blank lines are counted and left out; a UTF-8 BOM at the start
     * is skipped; CRLF line ends are taken as LF. A line that is not valid UTF-8 is kept with its bytes.
     */
    public static LineIndex build(Path file, ObjectMapper json) throws IOException {
        LineIndex index = new LineIndex(file);
        index.scan(json);
        index.sort();
        index.shiftTies();
        return index;
    }

    /** Non-blank lines in the file. */
    public int size() {
        return count;
    }

    /** Blank (empty or whitespace-only) lines in the file: counted in the report, nothing to import. */
    public int blankCount() {
        return blankCount;
    }

    /** Timestamps moved +1 ms to break a tie inside a conversation. */
    public int shiftedCount() {
        return shiftedCount;
    }

    /** Number of distinct conversations (by hash). */
    public int conversationCount() {
        LongHashSet seen = new LongHashSet(count);
        for (int i = 0; i < count; i++) {
            seen.add(conversations[i]);
        }
        return seen.size();
    }

    /** Bytes held per line by the index (for the memory report). */
    public static int bytesPerLine() {
        return 8 + 4 + 8 + 8 + 4 + 8 + 4 + 1; // offset, length, timestamp, conversation, line, sort key, order, shifted
    }

    private void scan(ObjectMapper json) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(512);
            long offset = 0;
            long lineStart = 0;
            int lineNumber = 0;
            int b;
            while (true) {
                b = in.read();
                if (b == '\n' || b == -1) {
                    if (b == -1 && line.size() == 0) {
                        break;
                    }
                    lineNumber++;
                    add(json, line, lineStart, lineNumber);
                    line.reset();
                    offset++;
                    lineStart = offset;
                    if (b == -1) {
                        break;
                    }
                } else {
                    line.write(b);
                    offset++;
                }
            }
        }
    }

    private void add(ObjectMapper json, ByteArrayOutputStream line, long start, int lineNumber) {
        byte[] bytes = line.toByteArray();
        int from = 0;
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        if (start == 0 && length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf) {
            from = 3; // the UTF-8 byte order mark some editors write: not part of the first record
            length -= 3;
        }
        String text = utf8.decode(bytes, from, length);
        if (text == null) {
            ensureCapacity();
            notUtf8.put(count, utf8.invalidAt());
            record(start + from, length, Long.MIN_VALUE, uniqueConversation(lineNumber), lineNumber);
            return;
        }
        if (text.isBlank()) {
            blankCount++;
            return;
        }
        long timestamp = Long.MIN_VALUE;
        long conversation;
        try {
            JsonNode record = DeadLetterEntry.unwrap(json.readTree(text), json);
            String key = Conversations.key(record);
            timestamp = Conversations.timestamp(record);
            conversation = key == null ? uniqueConversation(lineNumber) : Conversations.hash(key);
        } catch (IOException | RuntimeException notJson) {
            conversation = uniqueConversation(lineNumber); // the mapper sends it to the dead letter with the reason
        }
        ensureCapacity();
        record(start + from, length, timestamp, conversation, lineNumber);
    }

    private void record(long start, int length, long timestamp, long conversation, int lineNumber) {
        offsets[count] = start;
        lengths[count] = length;
        timestamps[count] = timestamp;
        conversations[count] = conversation;
        lineNumbers[count] = lineNumber; // differs from the position when blank lines were left out
        count++;
    }

    private static long uniqueConversation(int lineNumber) {
        return Conversations.hash("line:" + lineNumber);
    }

    private void ensureCapacity() {
        if (count == offsets.length) {
            int n = count + (count >> 1);
            offsets = Arrays.copyOf(offsets, n);
            lengths = Arrays.copyOf(lengths, n);
            timestamps = Arrays.copyOf(timestamps, n);
            conversations = Arrays.copyOf(conversations, n);
            lineNumbers = Arrays.copyOf(lineNumbers, n);
        }
    }

    /** Sorts positions by (timestamp, position); lines without a timestamp first. */
    private void sort() {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            if (timestamps[i] != Long.MIN_VALUE) {
                min = Math.min(min, timestamps[i]);
                max = Math.max(max, timestamps[i]);
            }
        }
        int bits = 64 - Long.numberOfLeadingZeros(Math.max(1, count));
        long span = min > max ? 0 : max - min + 1;
        order = new int[count];
        if (span < (1L << (62 - bits))) {
            // one primitive sort: (timestamp - min + 1) in the high bits, position in the low bits
            sortKeys = new long[count];
            for (int i = 0; i < count; i++) {
                long relative = timestamps[i] == Long.MIN_VALUE ? 0 : timestamps[i] - min + 1;
                sortKeys[i] = (relative << bits) | i;
            }
            Arrays.sort(sortKeys);
            long mask = (1L << bits) - 1;
            for (int i = 0; i < count; i++) {
                order[i] = (int) (sortKeys[i] & mask);
            }
            sortKeys = null;
        } else {
            Integer[] boxed = new Integer[count]; // a file spanning decades: rare, so the slow way is fine
            for (int i = 0; i < count; i++) {
                boxed[i] = i;
            }
            Arrays.sort(boxed, Comparator.<Integer>comparingLong(i -> timestamps[i]).thenComparingInt(i -> i));
            for (int i = 0; i < count; i++) {
                order[i] = boxed[i];
            }
        }
    }

    /** In import order, each conversation's timestamps made strictly increasing (+1 ms per tie). */
    private void shiftTies() {
        shifted = new boolean[count];
        LongLongHashMap last = new LongLongHashMap(Math.max(16, count / 4));
        for (int k = 0; k < count; k++) {
            int i = order[k];
            if (timestamps[i] == Long.MIN_VALUE) {
                continue;
            }
            long previous = last.getOrDefault(conversations[i], Long.MIN_VALUE);
            if (previous != Long.MIN_VALUE && timestamps[i] <= previous) {
                timestamps[i] = previous + 1;
                shifted[i] = true;
                shiftedCount++;
            }
            last.put(conversations[i], timestamps[i]);
        }
    }

    /**
     * The lines in import order, read from disk one at a time.
     *
     * @param keepGoing asked before each line; false ends the iteration early (the bridge is stopping)
     */
    public Iterator<OrderedLine> inOrder(BooleanSupplier keepGoing) {
        return new Iterator<>() {
            private int k;

            @Override
            public boolean hasNext() {
                return k < count && keepGoing.getAsBoolean();
            }

            @Override
            public OrderedLine next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int i = order[k++];
                byte[] bytes = read(i);
                long invalidAt = notUtf8.size() == 0 ? -1 : notUtf8.getOrDefault(i, -1);
                return invalidAt < 0
                        ? new OrderedLine(lineNumbers[i], new String(bytes, StandardCharsets.UTF_8), timestamps[i],
                                conversations[i], shifted[i])
                        : OrderedLine.notUtf8(lineNumbers[i], bytes, (int) invalidAt, offsets[i] + invalidAt,
                                conversations[i]);
            }
        };
    }

    private byte[] read(int i) {
        try {
            if (channel == null) {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            }
            ByteBuffer buffer = ByteBuffer.allocate(lengths[i]);
            long position = offsets[i];
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, position + buffer.position());
                if (n < 0) {
                    throw new IOException("file shrank while importing: " + file);
                }
            }
            return buffer.array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
