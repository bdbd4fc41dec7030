package io.chathistorybridge.store;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The keys of one target app remembered since they last moved to the table: append-only segment files
 * {@code {appKey, URL-encoded}.{seq}.keys}, one key per line. Appending a group commit's keys is one write of a few
 * bytes per key, where a table commit writes a chunk of B-tree pages; the keys move to the table in large batches.
 * Each append reaches the OS before it returns (no fsync), as the table's commits do: a killed bridge forgets nothing.
 * Not thread-safe: the store's group-commit writer is its only caller.
 */
final class KeyJournal {

    /** A closed segment: its file and its keys, in the order they were appended. */
    record Segment(Path file, List<String> keys) {
    }

    private final Path dir;
    private final String prefix;
    private final Pattern name;
    private final int segmentKeys;

    private FileChannel channel;
    private Path file;
    private List<String> keys;
    private long seq;
    private final List<Segment> closed = new ArrayList<>();

    /**
     * @param segmentKeys a segment is closed (and handed back for its move to the table) once it holds this many keys
     */
    KeyJournal(Path dir, String appKey, int segmentKeys) {
        this.dir = dir;
        this.prefix = URLEncoder.encode(appKey, StandardCharsets.UTF_8);
        this.name = Pattern.compile(Pattern.quote(prefix) + "\\.(\\d+)\\.keys");
        this.segmentKeys = segmentKeys;
    }

    /**
     * Returns the segments an earlier run left (oldest first): their keys may not be in the table yet. A last line
     * without its newline was cut by a crash mid-write: its commit never completed, so it is left out. The next append
     * opens a new segment.
     */
    List<Segment> open() throws IOException {
        Files.createDirectories(dir);
        TreeMap<Long, Path> found = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                Matcher m = name.matcher(f.getFileName().toString());
                if (m.matches()) {
                    found.put(Long.parseLong(m.group(1)), f);
                }
            });
        }
        List<Segment> left = new ArrayList<>();
        for (Path f : found.values()) {
            left.add(new Segment(f, read(f)));
        }
        seq = found.isEmpty() ? 0 : found.lastKey();
        return left;
    }

    /**
     * Appends the keys; returns once they reached the OS. A full segment is closed and a new one opened; so is the
     * segment an append failed on (a partly written line would run into the next append).
     */
    void append(List<String> newKeys) throws IOException {
        if (channel == null) {
            openNext();
        }
        StringBuilder lines = new StringBuilder(newKeys.size() * 24);
        for (String key : newKeys) {
            escape(key, lines);
            lines.append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            closeCurrent();
            throw e;
        }
        keys.addAll(newKeys);
        if (keys.size() >= segmentKeys) {
            closeCurrent();
        }
    }

    /** The segments closed since the last call (oldest first): their keys are to move to the table. */
    List<Segment> takeClosed() {
        List<Segment> taken = List.copyOf(closed);
        closed.clear();
        return taken;
    }

    /** Closes the segment being appended to (the next append opens a new one); an empty one is deleted. */
    void closeCurrent() throws IOException {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } finally {
            channel = null;
            if (keys.isEmpty()) {
                Files.deleteIfExists(file);
            } else {
                closed.add(new Segment(file, List.copyOf(keys)));
            }
        }
    }

    /** The segment's keys are all in the table: its file goes. */
    static void delete(Segment segment) throws IOException {
        Files.deleteIfExists(segment.file());
    }

    private void openNext() throws IOException {
        seq++;
        file = dir.resolve(prefix + "." + seq + ".keys");
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        keys = new ArrayList<>();
    }

    private static List<String> read(Path f) throws IOException {
        String text = Files.readString(f, StandardCharsets.UTF_8);
        List<String> keys = new ArrayList<>();
        int start = 0;
        for (int end; (end = text.indexOf('\n', start)) >= 0; start = end + 1) {
            keys.add(unescape(text, start, end));
        }
        return keys;
    }

    /** A key is one line: backslash, newline and carriage return are escaped. */
    static void escape(String key, StringBuilder out) {
        for (int i = 0; i < key.length(); i++) {
            char ch = key.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }

    static String unescape(String text, int start, int end) {
        StringBuilder key = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char ch = text.charAt(i);
            if (ch == '\\' && i + 1 < end) {
                char next = text.charAt(++i);
                key.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                key.append(ch);
            }
        }
        return key.toString();
    }
}
