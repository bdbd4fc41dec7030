package io.chathistorybridge.imports;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files one import run appends to, shared by its lanes: the msg_id map ({@code reports/{file}.msgid-map.csv})
 * and the side files (dead letters, unsupported records, missing attachments). Each is appended to, so a file
 * continued after a stop, a crash or a pause keeps the rows of its earlier runs.
 */
final class RunFiles {

    private final String file;
    private final BufferedWriter msgIdMap;
    private final Map<Path, BufferedWriter> appends = new ConcurrentHashMap<>();

    RunFiles(String file, Path msgIdMapFile) {
        this.file = file;
        try {
            Files.createDirectories(msgIdMapFile.getParent());
            boolean fresh = size(msgIdMapFile) == 0;
            this.msgIdMap = open(msgIdMapFile);
            if (fresh) {
                msgIdMap.write("source_msg_id,target_msg_id\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the msg_id map of " + file, e);
        }
    }

    /** One row of the msg_id map. */
    void mapped(String sourceMsgId, String targetMsgId) {
        synchronized (msgIdMap) {
            try {
                msgIdMap.write(csv(sourceMsgId) + "," + csv(targetMsgId) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the msg_id map of " + file, e);
            }
        }
    }

    /** One row of a CSV side file; the header goes first into a new or empty one. */
    synchronized void appendRow(Path csvFile, String header, String... cells) {
        if (!appends.containsKey(csvFile) && size(csvFile) == 0) {
            append(csvFile, header);
        }
        StringBuilder row = new StringBuilder();
        for (String cell : cells) {
            row.append(row.isEmpty() ? "" : ",").append(csv(cell));
        }
        append(csvFile, row.toString());
    }

    /**
     * Appends one line to a side file and flushes it: a dead letter must be on disk before its message counts as
     * handled. Lanes append concurrently, and Camel's file producer does not serialise appends, so this does.
     */
    void append(Path sideFile, String line) {
        BufferedWriter writer = appends.computeIfAbsent(sideFile, f -> {
            try {
                Files.createDirectories(f.getParent());
                return open(f);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + f, e);
            }
        });
        synchronized (writer) {
            try {
                writer.write(line);
                writer.write('\n');
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + sideFile, e);
            }
        }
    }

    void close() {
        appends.values().forEach(RunFiles::close);
        close(msgIdMap);
    }

    private static void close(BufferedWriter writer) {
        synchronized (writer) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static BufferedWriter open(Path f) throws IOException {
        return Files.newBufferedWriter(f, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static String csv(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
