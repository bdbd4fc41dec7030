package io.chathistorybridge.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files being imported now, oldest first (the next file starts while fewer than {@code lookAheadLines} lines of
 * these are unfinished), and totals since start: for the inbox's gate, progress, status and metrics.
 */
public final class ImportRuns {

    private static final Logger LOG = LoggerFactory.getLogger("import-progress");

    private final Path reportsDir;
    private final Path inbox;
    private final boolean dryRun;
    private final int lookAheadLines;
    // guarded by itself; the oldest first
    private final List<ImportRun> inFlight = new ArrayList<>();
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong imported = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong setAside = new AtomicLong();
    private final Map<String, AtomicLong> lines = new LinkedHashMap<>();
    private final Pattern inProgress;

    /** The outcomes a line can have, as named in the report ({@code lines} is their sum). */
    public static final List<String> OUTCOMES = List.of("imported", "importedWithoutAnswer", "skippedDuplicates",
            "skippedByRoute", "failed", "unsupported", "invalid", "blank", "validated");

    /**
     * @param inProgress names of inbox files still being written (bridge.import.in-progress-names)
     * @param lookAheadLines the next file starts while fewer lines than this are unfinished (0: one file at a time)
     */
    public ImportRuns(Path reportsDir, Path inbox, boolean dryRun, String inProgress, int lookAheadLines) {
        this.reportsDir = reportsDir;
        this.lookAheadLines = lookAheadLines;
        this.inbox = inbox;
        this.dryRun = dryRun;
        this.inProgress = Pattern.compile(inProgress);
        OUTCOMES.forEach(o -> lines.put(o, new AtomicLong()));
    }

    ImportRun start(String file) {
        ImportRun run = new ImportRun(file, reportsDir, dryRun);
        synchronized (inFlight) {
            run.earlier = inFlight.isEmpty() ? null : inFlight.get(inFlight.size() - 1);
            inFlight.add(run);
        }
        return run;
    }

    /**
     * Whether the inbox may take the next file: none is being imported, or none of those paused and fewer than
     * look-ahead lines of them are unfinished (a file's lines are all counted once it is indexed, before the next
     * poll).
     */
    boolean roomForAnother() {
        synchronized (inFlight) {
            long unfinished = 0;
            for (ImportRun run : inFlight) {
                if (run.pausedBy() != null) {
                    return false;
                }
                unfinished += Math.max(0, run.lines() - run.done());
            }
            return inFlight.isEmpty() || unfinished < lookAheadLines;
        }
    }

    /**
     * The run leaves the files in flight (a second time, once its exchange ended, changes nothing). A file after it
     * that was held by it only through this one is now held by what held this one; one it paused itself stays held.
     */
    void leaves(ImportRun run) {
        synchronized (inFlight) {
            if (!inFlight.remove(run)) {
                return;
            }
            for (ImportRun later : inFlight) {
                if (later.earlier == run && !run.pausedHere()) {
                    later.earlier = run.earlier;
                }
            }
        }
    }

    /** The files being imported now, oldest first. */
    private List<ImportRun> inFlight() {
        synchronized (inFlight) {
            return List.copyOf(inFlight);
        }
    }

    void finish(ImportRun run) {
        files.incrementAndGet();
        imported.addAndGet(run.imported() + run.importedWithoutAnswer());
        failed.addAndGet(run.failed());
        for (String outcome : OUTCOMES) {
            lines.get(outcome).addAndGet(count(run, outcome));
        }
        leaves(run);
    }

    /** A file moved to failed/ as a whole (not gzip, not text): nothing of it was imported. */
    void setAside(ImportRun run) {
        setAside.incrementAndGet();
        leaves(run);
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

    /** Logs a progress line for each file being imported (timer route, every bridge.progress-seconds). */
    public void logProgress() {
        for (ImportRun run : inFlight()) {
            if (run.lines() > 0) {
                LOG.info(run.progress());
            }
        }
    }

    /** Lines of the files being imported not finished yet (metrics backlog). */
    public long linesWaiting() {
        return inFlight().stream().mapToLong(run -> Math.max(0, run.lines() - run.done())).sum();
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

    /** Status section: the oldest file in progress, the files started after it (look-ahead) and totals. */
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        List<ImportRun> runs = inFlight();
        if (!runs.isEmpty()) {
            ImportRun run = runs.get(0);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("file", run.file());
            r.put("lines", run.lines());
            r.put("done", run.done());
            r.put("imported", run.imported() + run.importedWithoutAnswer());
            r.put("failed", run.failed());
            r.put("messagesPerSecond", Math.round(run.rate() * 10) / 10.0);
            s.put("inProgress", r);
            s.put("alsoInProgress", runs.stream().skip(1).map(ImportRun::file).toList());
        }
        s.put("filesDone", files.get());
        s.put("filesWaiting", filesWaiting());
        s.put("imported", imported.get()
                + runs.stream().mapToLong(r -> r.imported() + r.importedWithoutAnswer()).sum());
        s.put("failed", failed.get() + runs.stream().mapToLong(ImportRun::failed).sum());
        s.put("filesSetAside", setAside.get());
        Map<String, Object> byOutcome = new LinkedHashMap<>();
        OUTCOMES.forEach(o -> byOutcome.put(o, lines.get(o).get()));
        s.put("linesOfFinishedFiles", byOutcome);
        return s;
    }
}
