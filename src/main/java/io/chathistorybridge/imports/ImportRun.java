package io.chathistorybridge.imports;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.chathistorybridge.api.Redact;

/**
 * One message file being imported: its counters, its msg_id map ({@code reports/{file}.msgid-map.csv}) and,
 * at the end, its report. Shared by all lanes working on the file.
 */
public final class ImportRun {

    /** Exchange property holding the run of the file a message belongs to. */
    public static final String PROPERTY = "importRun";

    private final String file;
    private final String base;
    private final boolean dryRun;
    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private final RunFiles files;
    private volatile int lines;
    private volatile int blank;
    private volatile int shifted;
    private volatile int conversations;
    final AtomicLong imported = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong invalid = new AtomicLong();
    final AtomicLong unsupported = new AtomicLong();
    final AtomicLong validated = new AtomicLong();
    final AtomicLong importedWithoutAnswer = new AtomicLong();
    // ended by a step of an edited route (a filter) before any outcome was counted
    final AtomicLong skippedByRoute = new AtomicLong();
    // why the file stopped early, when the API kept failing for one of its messages (null: it did not)
    private final AtomicReference<String> pausedBy = new AtomicReference<>();
    // the file imported before this one while it was still unfinished (null: none): a pause there holds this one too
    volatile ImportRun earlier;
    private final MessagesInLanes inLanes = new MessagesInLanes();
    private final Map<String, EndpointCount> endpoints = new ConcurrentHashMap<>();
    private final Path reportsDir;
    // attachments (bridge.import.attachments=copy): extra counts, not line outcomes
    private final AtomicLong attachmentsCopied = new AtomicLong();
    private final AtomicLong attachmentsReused = new AtomicLong();
    private final AtomicLong attachmentsMissing = new AtomicLong();
    private final AtomicLong attachmentBytes = new AtomicLong();

    private static final class EndpointCount {
        final AtomicLong imported = new AtomicLong();
        volatile long firstNanos = Long.MAX_VALUE;
        volatile long lastNanos;
    }

    ImportRun(String file, Path reportsDir, boolean dryRun) {
        this.file = file;
        this.base = baseName(file);
        this.dryRun = dryRun;
        this.reportsDir = reportsDir;
        this.files = new RunFiles(file, reportsDir.resolve(base + ".msgid-map.csv"));
    }

    /** "2026112208.ndjson.gz" → "2026112208": the name of the file's report, map and dead letters. */
    static String baseName(String file) {
        String name = file;
        if (name.toLowerCase().endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** @param records non-blank lines; the report's lines are these and the blank ones */
    void indexed(int records, int blank, int shifted, int conversations) {
        this.lines = records + blank;
        this.blank = blank;
        this.shifted = shifted;
        this.conversations = conversations;
    }

    void imported(String endpoint, String sourceMsgId, String targetMsgId) {
        imported.incrementAndGet();
        mapped(endpoint, sourceMsgId, targetMsgId);
    }

    /** Imported, its answer lost (see {@link MessageOutcomes#importedWithoutAnswer}): its new msg_id is unknown. */
    void importedWithoutAnswer(String endpoint, String sourceMsgId) {
        importedWithoutAnswer.incrementAndGet();
        mapped(endpoint, sourceMsgId, "unknown");
    }

    private void mapped(String endpoint, String sourceMsgId, String targetMsgId) {
        EndpointCount count = endpoints.computeIfAbsent(endpoint, e -> new EndpointCount());
        long now = System.nanoTime();
        synchronized (count) {
            count.imported.incrementAndGet();
            count.firstNanos = Math.min(count.firstNanos, now);
            count.lastNanos = Math.max(count.lastNanos, now);
        }
        files.mapped(sourceMsgId, targetMsgId);
    }

    /** A source file now points at its copy in the target app: copied now, or found copied before. */
    public void attachmentCopied(boolean now, long bytes) {
        (now ? attachmentsCopied : attachmentsReused).incrementAndGet();
        attachmentBytes.addAndGet(bytes);
    }

    /**
     * A source file that could not be copied (gone, too big, refused): its message keeps the url. Listed in
     * {@code reports/{file}.attachments-missing.csv} (msg_id,url,reason); the url's query is left out.
     */
    public void attachmentMissing(String msgId, String url, String reason) {
        attachmentsMissing.incrementAndGet();
        files.appendRow(reportsDir.resolve(base + ".attachments-missing.csv"), "msg_id,url,reason",
                String.valueOf(msgId), Redact.urls(url), reason);
    }

    public long attachmentsCopied() {
        return attachmentsCopied.get();
    }

    public long attachmentsMissing() {
        return attachmentsMissing.get();
    }

    /**
     * A message could not be finished (the API kept failing after every attempt, or the store failed): the file
     * stops instead of going on without it, so the message's conversation never moves past it. The first reason
     * is kept.
     */
    void pause(String reason) {
        pausedBy.compareAndSet(null, reason);
    }

    /**
     * Why the file was paused, or null: one of its messages could not be finished, or the file before it, still being
     * imported, paused. Then none of this file's messages may start either: they may continue that file's
     * conversations.
     */
    public String pausedBy() {
        String own = pausedBy.get();
        if (own != null) {
            return own;
        }
        ImportRun before = earlier;
        return before != null && before.pausedBy() != null ? "the file before it, " + before.file() + ", paused" : null;
    }

    /** Whether one of this file's own messages paused it (not only a file before it). */
    boolean pausedHere() {
        return pausedBy.get() != null;
    }

    /** Its messages in the lanes: the file ends once there are none left. */
    MessagesInLanes inLanes() {
        return inLanes;
    }

    /**
     * Lines finished one way or another. Once the file is done, {@code lines = imported + importedWithoutAnswer +
     * skippedDuplicates + skippedByRoute + failed + unsupported + invalid + blank} (+ validated in a dry run): each line is
     * counted in exactly one outcome.
     */
    public long done() {
        return imported.get() + importedWithoutAnswer.get() + duplicates.get() + failed.get() + invalid.get()
                + unsupported.get() + validated.get() + skippedByRoute.get() + blank;
    }

    public long unsupported() {
        return unsupported.get();
    }

    public long invalid() {
        return invalid.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public long importedWithoutAnswer() {
        return importedWithoutAnswer.get();
    }

    public int blank() {
        return blank;
    }

    public int lines() {
        return lines;
    }

    public String file() {
        return file;
    }

    public String base() {
        return base;
    }

    public long imported() {
        return imported.get();
    }

    public long failed() {
        return failed.get() + invalid.get();
    }

    public double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Messages per second since the file started (for progress lines). */
    public double rate() {
        double s = seconds();
        return s <= 0 ? 0 : (imported.get() + importedWithoutAnswer.get() + duplicates.get() + validated.get()) / s;
    }

    /** The report written to {@code reports/{file}.json}. */
    public Map<String, Object> report() {
        closeMap();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", file);
        r.put("startedAt", startedAt.toString());
        r.put("dryRun", dryRun);
        r.put("lines", lines);
        r.put("imported", imported.get());
        if (dryRun) {
            r.put("validated", validated.get());
        }
        r.put("importedWithoutAnswer", importedWithoutAnswer.get());
        r.put("skippedDuplicates", duplicates.get());
        r.put("skippedByRoute", skippedByRoute.get());
        r.put("failed", failed.get());
        r.put("unsupported", unsupported.get());
        r.put("invalid", invalid.get());
        r.put("blank", blank);
        r.put("shiftedTimestamps", shifted);
        r.put("conversations", conversations);
        r.put("durationSeconds", Math.round(seconds() * 1000) / 1000.0);
        Map<String, Object> rates = new LinkedHashMap<>();
        endpoints.forEach((endpoint, c) -> {
            double span = (c.lastNanos - c.firstNanos) / 1e9;
            long n = c.imported.get();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("imported", n);
            // n calls over the span between the first and the last: (n - 1) intervals
            e.put("messagesPerSecond", n > 1 && span > 0 ? Math.round((n - 1) / span * 100) / 100.0 : 0);
            rates.put(endpoint, e);
        });
        r.put("endpoints", rates);
        // not line outcomes: a message with a missing file is imported all the same (with its original url)
        r.put("attachmentsCopied", attachmentsCopied.get());
        r.put("attachmentsReused", attachmentsReused.get());
        r.put("attachmentsMissing", attachmentsMissing.get());
        r.put("attachmentBytesCopied", attachmentBytes.get());
        return r;
    }

    /** One line for the log. */
    public String summary() {
        return String.format("%s: %d lines, %d imported, %d duplicates skipped, %d failed, %d invalid, %d unsupported,"
                        + " %d blank, %d timestamps shifted, %.1f s%s", file, lines, imported.get() + importedWithoutAnswer.get(),
                duplicates.get(), failed.get(), invalid.get(), unsupported.get(), blank, shifted, seconds(),
                (skippedByRoute.get() > 0 ? ", " + skippedByRoute.get() + " skipped by a route" : "")
                        + (dryRun ? " (dry run: " + validated.get() + " valid, nothing posted)" : "")
                        + (attachmentsCopied.get() + attachmentsReused.get() + attachmentsMissing.get() == 0 ? ""
                        : String.format("; attachments: %d copied, %d copied before, %d missing",
                        attachmentsCopied.get(), attachmentsReused.get(), attachmentsMissing.get())));
    }

    /** One progress line. */
    public String progress() {
        double rate = rate();
        long remaining = Math.max(0, lines - done());
        String eta = rate > 0 ? Duration.ofSeconds((long) (remaining / rate)).toString().substring(2).toLowerCase() : "?";
        long files = attachmentsCopied.get() + attachmentsReused.get() + attachmentsMissing.get();
        return String.format("Importing %s: %d/%d lines, %d imported, %d failed, %.1f msg/s, ETA %s%s",
                file, done(), lines, imported.get(), failed(), rate, eta, files == 0 ? ""
                        : String.format(", attachments: %d copied (%.1f MB), %d copied before, %d missing",
                        attachmentsCopied.get(), attachmentBytes.get() / 1e6, attachmentsReused.get(),
                        attachmentsMissing.get()));
    }

    /** Appends one line to a side file of this run (failed/{file}.ndjson, unsupported/{file}.ndjson). */
    void append(Path sideFile, String line) {
        files.append(sideFile, line);
    }

    void closeMap() {
        files.close();
    }
}
