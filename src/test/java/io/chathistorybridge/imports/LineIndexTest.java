package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineIndexTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String record(String from, String to, String chatType, long ts, String id) {
        return "{\"chat_type\":\"" + chatType + "\",\"msg_id\":\"" + id + "\",\"timestamp\":" + ts
                + ",\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"payload\":{\"bodies\":[{\"type\":\"txt\",\"msg\":\"" + id + "\"}]}}";
    }

    private static List<OrderedLine> all(LineIndex index) {
        List<OrderedLine> lines = new ArrayList<>();
        index.inOrder(() -> true).forEachRemaining(lines::add);
        return lines;
    }

    @Test
    void shuffledFileComesOutInTimeOrderPerConversationWithTiesShifted() throws Exception {
        List<String> lines = new ArrayList<>();
        long base = 1_763_000_000_000L;
        for (int i = 0; i < 300; i++) {
            lines.add(record("u" + ((i / 2) % 3), "u" + (((i / 2) % 3) + 1), "chat", base + (i / 2) * 10, "c" + i)); // pairs of ties
            lines.add(record("u9", "g" + (i % 4), "groupchat", base + i, "g" + i));
        }
        lines.add(record("b", "a", "chat", base + 5, "reverse-pair")); // b→a is the same conversation as a→b
        lines.add(record("a", "b", "chat", base + 5, "pair"));
        Collections.shuffle(lines, new Random(42));
        Path file = Files.write(dir.resolve("x.ndjson"), lines);

        try (LineIndex index = LineIndex.build(file, JSON)) {
            List<OrderedLine> ordered = all(index);
            assertEquals(602, ordered.size());
            Map<Long, Long> last = new HashMap<>();
            int shifted = 0;
            for (OrderedLine line : ordered) {
                Long previous = last.put(line.conversation(), line.timestamp());
                if (previous != null) {
                    assertTrue(line.timestamp() > previous, "strictly increasing within a conversation");
                }
                shifted += line.shifted() ? 1 : 0;
            }
            assertEquals(index.shiftedCount(), shifted);
            assertTrue(shifted >= 150, "each pair of equal timestamps moved one: " + shifted);
            // a and b in either direction are one conversation: the later line in the file was moved
            OrderedLine pair = ordered.stream().filter(l -> l.text().contains("\"pair\"")).findFirst().orElseThrow();
            OrderedLine reverse = ordered.stream().filter(l -> l.text().contains("reverse-pair")).findFirst().orElseThrow();
            assertEquals(pair.conversation(), reverse.conversation());
            assertEquals(1, Math.abs(pair.timestamp() - reverse.timestamp()));
        }
    }

    @Test
    void equalTimestampsKeepFileOrder() throws Exception {
        long ts = 1_763_000_000_000L;
        Path file = Files.write(dir.resolve("t.ndjson"), List.of(
                record("a", "b", "chat", ts, "first"), record("a", "b", "chat", ts, "second"),
                record("a", "b", "chat", ts, "third")));
        try (LineIndex index = LineIndex.build(file, JSON)) {
            List<OrderedLine> ordered = all(index);
            assertTrue(ordered.get(0).text().contains("first"));
            assertEquals(ts, ordered.get(0).timestamp());
            assertTrue(ordered.get(1).text().contains("second"));
            assertEquals(ts + 1, ordered.get(1).timestamp());
            assertTrue(ordered.get(2).text().contains("third"));
            assertEquals(ts + 2, ordered.get(2).timestamp());
            assertEquals(2, index.shiftedCount());
        }
    }

    @Test
    void blankAndBrokenLinesKeepTheirLineNumbers() throws Exception {
        Path file = Files.writeString(dir.resolve("b.ndjson"), record("a", "b", "chat", 5000, "m1") + "\n\n{broken\r\n"
                + record("a", "b", "chat", 4000, "m0"));
        try (LineIndex index = LineIndex.build(file, JSON)) {
            List<OrderedLine> ordered = all(index);
            assertEquals(3, ordered.size(), "the blank line is left out");
            assertEquals("{broken", ordered.get(0).text(), "no timestamp: first, CR stripped");
            assertEquals(3, ordered.get(0).number());
            assertEquals(4, ordered.get(1).number());
            assertEquals(1, ordered.get(2).number());
        }
    }

    @Test
    void stopsHandingOutLinesWhenAskedTo() throws Exception {
        Path file = Files.write(dir.resolve("s.ndjson"), List.of(record("a", "b", "chat", 1000, "1"),
                record("a", "b", "chat", 2000, "2")));
        try (LineIndex index = LineIndex.build(file, JSON)) {
            boolean[] go = {true};
            Iterator<OrderedLine> it = index.inOrder(() -> go[0]);
            it.next();
            go[0] = false;
            assertEquals(false, it.hasNext());
        }
    }
}
