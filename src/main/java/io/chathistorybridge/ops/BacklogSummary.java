package io.chathistorybridge.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.export.HourState;
import io.chathistorybridge.export.HourStates;
import io.chathistorybridge.export.Hours;
import io.chathistorybridge.imports.ImportRuns;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Decides, at each tick, whether a backlog has just been caught up: no pending hour, an empty inbox, no file in
 * progress, and something new since the last summary. Then the body is reports/summary.json's content and
 * {@link #PROPERTY} is {@link Catchup#CAUGHT_UP}; the route writes it and logs {@link #LINE}. Once per catch-up.
 */
public final class BacklogSummary implements Processor {

    /** The exchange property the summary route branches on. */
    public static final String PROPERTY = "backlogCatchup";
    /** The exchange property holding the one log line. */
    public static final String LINE = "backlogSummaryLine";

    /** What a tick found. */
    public enum Catchup { CAUGHT_UP, NOT_YET }

    private final Path reportsDir;
    private final Hours hours;
    private final int backfillHours;
    private final ObjectMapper json;
    private final Duration settle;
    private Instant since = Instant.now();
    private String lastSeen = "";

    public BacklogSummary(Path reportsDir, Hours hours, int backfillHours, Duration settle, ObjectMapper json) {
        this.reportsDir = reportsDir;
        this.settle = settle;
        this.hours = hours;
        this.backfillHours = backfillHours;
        this.json = json;
    }

    @Override
    public synchronized void process(Exchange exchange) {
        exchange.setProperty(PROPERTY, Catchup.NOT_YET);
        HourStates hourStates = exchange.getContext().getRegistry().findSingleByType(HourStates.class);
        ImportRuns imports = exchange.getContext().getRegistry().findSingleByType(ImportRuns.class);
        if (hourStates == null || imports == null) {
            return;
        }
        Map<String, Long> byState;
        boolean exportCaughtUp;
        try {
            byState = hourStates.countByState();
            exportCaughtUp = exportCaughtUp(hourStates);
        } catch (IllegalStateException storeAway) {
            return; // the store's database did not answer: not known to be caught up (the export's line says why)
        }
        Map<String, Object> importStatus = imports.status();
        boolean idle = exportCaughtUp && imports.filesWaiting() == 0 && !importStatus.containsKey("inProgress");
        String seen = byState + " " + importStatus.get("filesDone");
        if (!idle || seen.equals(lastSeen) || ((Number) importStatus.get("filesDone")).longValue() == 0) {
            return; // still working, or nothing new since the last summary
        }
        Instant now = Instant.now();
        Map<String, Object> summary = summary(hourStates, now);
        lastSeen = seen;
        since = now;
        exchange.getIn().setBody(summary);
        exchange.setProperty(PROPERTY, Catchup.CAUGHT_UP);
        @SuppressWarnings("unchecked")
        Map<String, Object> messages = (Map<String, Object>) summary.get("messages");
        exchange.setProperty(LINE, "Backlog caught up: " + summary.get("files") + " files, " + messages.get("imported")
                + " imported, " + messages.get("failed") + " failed, " + messages.get("unsupported") + " unsupported, "
                + ((List<?>) summary.get("gaps")).size() + " expired hours, " + summary.get("elapsedSeconds")
                + " s at " + summary.get("messagesPerSecond") + " msg/s; see reports/summary.json");
    }

    /** Every hour of the window that is due (ended and settled) is done, empty or expired. */
    private boolean exportCaughtUp(HourStates hourStates) {
        Instant now = Instant.now();
        String first = hours.hourOf(now.minus(Duration.ofHours(backfillHours)));
        String last = hours.hourOf(now.minus(Duration.ofHours(1)));
        Map<String, HourState> known = hourStates.between(first, last);
        for (String h = first; h.compareTo(last) <= 0; h = hours.next(h)) {
            HourState state = known.get(h);
            boolean due = !hours.end(h).plus(settle).isAfter(now);
            if (due && (state == null || HourState.PENDING.equals(state.state()))) {
                return false;
            }
        }
        return hourStates.countByState().getOrDefault(HourState.PENDING, 0L) == 0;
    }

    private Map<String, Object> summary(HourStates hourStates, Instant now) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("from", since.toString());
        s.put("to", now.toString());
        String first = hours.hourOf(now.minus(Duration.ofHours(backfillHours)));
        String last = hours.hourOf(now.minus(Duration.ofHours(1)));
        Map<String, Long> states = new LinkedHashMap<>();
        List<String> gaps = new ArrayList<>();
        for (HourState h : hourStates.between(first, last).values()) {
            states.merge(h.state(), 1L, Long::sum);
            if (HourState.EXPIRED.equals(h.state())) {
                gaps.add(h.hour());
            }
        }
        s.put("hours", Map.of("from", first, "to", last, "timeZone", hours.zone().getId(), "byState", states));
        Map<String, Long> messages = new LinkedHashMap<>();
        Map<String, Long> attachments = new LinkedHashMap<>();
        long files = 0;
        for (JsonNode report : reportsSince(since)) {
            files++;
            for (String k : List.of("imported", "skippedDuplicates", "failed", "unsupported", "invalid")) {
                messages.merge(k, report.path(k).asLong(), Long::sum);
            }
            report.fields().forEachRemaining(f -> {
                if (f.getKey().startsWith("attachments") && f.getValue().isNumber()) {
                    attachments.merge(f.getKey(), f.getValue().asLong(), Long::sum);
                }
            });
        }
        s.put("files", files);
        s.put("messages", messages);
        if (!attachments.isEmpty()) {
            s.put("attachments", attachments);
        }
        double elapsed = Math.max(0.001, Duration.between(since, now).toMillis() / 1000.0);
        s.put("elapsedSeconds", Math.round(elapsed));
        s.put("messagesPerSecond", Math.round(messages.getOrDefault("imported", 0L) / elapsed * 10) / 10.0);
        s.put("gaps", gaps);
        return s;
    }

    /** The file reports written since the start of this catch-up (the summary itself left out). */
    private List<JsonNode> reportsSince(Instant start) {
        List<JsonNode> reports = new ArrayList<>();
        if (!Files.isDirectory(reportsDir)) {
            return reports;
        }
        try (Stream<Path> files = Files.list(reportsDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")
                    && !p.getFileName().toString().equals("summary.json")).toList()) {
                if (Files.getLastModifiedTime(f).toInstant().isBefore(start)) {
                    continue;
                }
                reports.add(json.readTree(f.toFile()));
            }
        } catch (IOException e) {
            // a report that cannot be read counts as absent; the files themselves stay as they are
        }
        return reports;
    }
}
