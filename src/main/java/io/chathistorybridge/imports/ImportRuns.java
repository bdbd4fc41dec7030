package io.chathistorybridge.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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
    private final AtomicLong setAside = new AtomicLong();
    private final Map<String, AtomicLong> lines = new LinkedHashMap<>();
    private final Pattern inProgress;

    /** The outcomes a line can have, as named in the report ({@code lines} is their sum). */
    public static final List<String> OUTCOMES = List.of("imported", "importedWithoutAnswer", "skippedDuplicates",
            "skippedByRoute", "failed", "unsupported", "invalid", "blank", "validated");

    /** @param inProgress names of inbox files still being written (bridge.import.in-progress-names) */
    public ImportRuns(Path reportsDir, Path inbox, boolean dryRun, String inProgress) {
        this.reportsDir = reportsDir;
        this.inbox = inbox;
        this.dryRun = dryRun;
        this.inProgress = Pattern.compile(inProgress);
        OUTCOMES.forEach(o -> lines.put(o, new AtomicLong()));
    }

    ImportRun start(String file) {
        ImportRun run = new ImportRun(file, reportsDir, dryRun);
        current = run;
        return run;
    }

    void finish(ImportRun run) {
        files.incrementAndGet();
        imported.addAndGet(run.imported() + run.importedWithoutAnswer());
        failed.addAndGet(run.failed());
        for (String outcome : OUTCOMES) {
            lines.get(outcome).addAndGet(count(run, outcome));
        }
        if (current == run) {
            current = null;
        }
    }

    /** A file moved to failed/ as a whole (not gzip, not text): nothing of it was imported. */
    void setAside(ImportRun run) {
        setAside.incrementAndGet();
        if (current == run) {
            current = null;
        }
    }

    private static long count(ImportRun run, String outcome) {
        return switch (outcome) {
            case "imported" -> run.imported();
            case "importedWithoutAnswer" -> run.importedWithoutAnswer();
            case "skippedDuplicates" -> run.duplicates();
            case "skippedByRoute" -> run.skippedByRoute.get();
            case "failed" -> run.failed.get();
            case "unsupported" -> run.unsupported();
            case "invalid" -> run.invalid();
            case "blank" -> run.blank();
            case "validated" -> run.validated.get();
            default -> 0;
        };
    }

    /** Lines of finished files with this outcome since start (metrics). */
    public long lines(String outcome) {
        AtomicLong n = lines.get(outcome);
        return n == null ? 0 : n.get();
    }

    /** Files moved to failed/ as a whole since start, each with a .reason.txt (metrics, status). */
    public long filesSetAside() {
        return setAside.get();
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

    /** Files waiting in the inbox (metrics backlog), the one in progress included, not those still being written. */
    public long filesWaiting() {
        return waitingFiles().size();
    }

    /** The files waiting in the inbox, oldest name first, with their sizes in bytes (for the status page). */
    public List<Map<String, Object>> inboxFiles() {
        return waitingFiles().stream().limit(200).map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.getFileName().toString());
            m.put("bytes", f.toFile().length());
            return m;
        }).toList();
    }

    /** What the inbox consumer will take, in its order: every regular file but those still being written. */
    private List<Path> waitingFiles() {
        try (var files = Files.list(inbox)) {
            return files.filter(f -> Files.isRegularFile(f) && !inProgress.matcher(f.getFileName().toString()).matches()
                    && !f.getFileName().toString().endsWith(".camelLock")).sorted().toList();
        } catch (java.io.IOException | RuntimeException e) {
            return List.of();
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
            r.put("imported", run.imported() + run.importedWithoutAnswer());
            r.put("failed", run.failed());
            r.put("messagesPerSecond", Math.round(run.rate() * 10) / 10.0);
            s.put("inProgress", r);
        }
        s.put("filesDone", files.get());
        s.put("filesWaiting", filesWaiting());
        s.put("imported", imported.get() + (run == null ? 0 : run.imported() + run.importedWithoutAnswer()));
        s.put("failed", failed.get() + (run == null ? 0 : run.failed()));
        s.put("filesSetAside", setAside.get());
        Map<String, Object> byOutcome = new LinkedHashMap<>();
        OUTCOMES.forEach(o -> byOutcome.put(o, lines.get(o).get()));
        s.put("linesOfFinishedFiles", byOutcome);
        return s;
    }
}
