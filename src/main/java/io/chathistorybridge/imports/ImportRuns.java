package io.chathistorybridge.imports;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The file being imported now (one at a time) and totals since start: for progress, status and metrics. */
public final class ImportRuns {

    private static final Logger LOG = LoggerFactory.getLogger("import-progress");

    private final Path reportsDir;
    private final Path inbox;
    private final boolean dryRun;
    private volatile ImportRun current;
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong imported = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public ImportRuns(Path reportsDir, Path inbox, boolean dryRun) {
        this.reportsDir = reportsDir;
        this.inbox = inbox;
        this.dryRun = dryRun;
    }

    ImportRun start(String file) {
        ImportRun run = new ImportRun(file, reportsDir, dryRun);
        current = run;
        return run;
    }

    void finish(ImportRun run) {
        files.incrementAndGet();
        imported.addAndGet(run.imported());
        failed.addAndGet(run.failed());
        if (current == run) {
            current = null;
        }
    }

    /** Logs a progress line when a file is being imported (timer route, every bridge.progress-seconds). */
    public void logProgress() {
        ImportRun run = current;
        if (run != null && run.lines() > 0) {
            LOG.info(run.progress());
        }
    }

    /** Lines of the current file not finished yet (metrics backlog). */
    public long linesWaiting() {
        ImportRun run = current;
        return run == null ? 0 : Math.max(0, run.lines() - run.done());
    }

    /** Message files waiting in the inbox (metrics backlog), the one in progress included. */
    public long filesWaiting() {
        try (var files = java.nio.file.Files.list(inbox)) {
            return files.filter(f -> f.getFileName().toString().toLowerCase()
                    .matches("[^.].*\\.(ndjson|jsonl|json)(\\.gz)?")).count();
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The message files in the inbox, oldest name first, with their sizes in bytes (for the status page). */
    public java.util.List<Map<String, Object>> inboxFiles() {
        try (var files = java.nio.file.Files.list(inbox)) {
            return files.filter(f -> f.getFileName().toString().toLowerCase()
                            .matches("[^.].*\\.(ndjson|jsonl|json)(\\.gz)?"))
                    .sorted()
                    .limit(200)
                    .map(f -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("name", f.getFileName().toString());
                        m.put("bytes", f.toFile().length());
                        return m;
                    }).toList();
        } catch (java.io.IOException | RuntimeException e) {
            return java.util.List.of();
        }
    }

    /** Status section: the file in progress and totals. */
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        ImportRun run = current;
        if (run != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("file", run.file());
            r.put("lines", run.lines());
            r.put("done", run.done());
            r.put("imported", run.imported());
            r.put("failed", run.failed());
            r.put("messagesPerSecond", Math.round(run.rate() * 10) / 10.0);
            s.put("inProgress", r);
        }
        s.put("filesDone", files.get());
        s.put("filesWaiting", filesWaiting());
        s.put("imported", imported.get() + (run == null ? 0 : run.imported()));
        s.put("failed", failed.get() + (run == null ? 0 : run.failed()));
        return s;
    }
}
