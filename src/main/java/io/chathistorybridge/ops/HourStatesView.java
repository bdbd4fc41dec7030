package io.chathistorybridge.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.chathistorybridge.export.HourState;
import io.chathistorybridge.export.HourStates;
import io.chathistorybridge.export.Hours;
import org.apache.camel.CamelContext;

/**
 * The hour states as the status and the metrics show them: read from the store on one thread of its own, waited
 * for at most {@value #WAIT_MS} ms. When the store does not answer in time (a database away: each query would wait
 * for the pool's connect timeout), the last read is shown with its time and why it is not fresh, so the status page
 * and a metrics scrape never hang on the store.
 */
public final class HourStatesView {

    static final long WAIT_MS = 2_000;
    static final long FRESH_MS = 1_000;

    /**
     * One read of the store.
     *
     * @param byState hours per state; {@code first} to {@code lastHour} the status window (the last backfill-hours),
     *                {@code window} the states known of its hours; {@code latest} the last hours written;
     *                {@code at} when it was read (null: never); {@code problem} why this read is not fresh, else null
     */
    public record Read(Map<String, Long> byState, String first, String lastHour, Map<String, HourState> window,
                       List<HourState> latest, Instant at, String problem) {
        static final Read NONE = new Read(Map.of(), null, null, Map.of(), List.of(), null, null);

        Read stale(String why) {
            return new Read(byState, first, lastHour, window, latest, at, why);
        }
    }

    private final CamelContext context;
    private final Hours hours;
    private final int backfillHours;
    private ExecutorService reader;
    private Future<Read> running;
    private volatile Read last = Read.NONE;
    /** The last answer given (fresh or not) and when: a scrape's gauges ask one after another. */
    private volatile Read answered;
    private volatile long answeredNanos;

    /** @param backfillHours the status window: the last this many finished hours in the export's zone */
    public HourStatesView(CamelContext context, ZoneId zone, int backfillHours) {
        this.context = context;
        this.hours = new Hours(zone);
        this.backfillHours = backfillHours;
    }

    /** The hour states: counts, the status window's hours, the latest written. */
    public Read read() {
        Read r = attempt();
        answered = r;
        answeredNanos = System.nanoTime();
        return r;
    }

    private Read attempt() {
        HourStates states = context.getRegistry().findSingleByType(HourStates.class);
        if (states == null) {
            return Read.NONE;
        }
        Future<Read> read;
        synchronized (this) {
            if (running == null || running.isDone()) {
                if (reader == null) {
                    // Camel's manager shuts it down with the context
                    reader = context.getExecutorServiceManager().newSingleThreadExecutor(this, "hour-states-view");
                }
                running = reader.submit(() -> {
                    String lastHour = hours.hourOf(Instant.now().minus(Duration.ofHours(1)));
                    String first = hours.hourOf(Instant.now().minus(Duration.ofHours(backfillHours)));
                    return new Read(states.countByState(), first, lastHour, states.between(first, lastHour),
                            states.latest(48), Instant.now(), null);
                });
            }
            read = running;
        }
        try {
            Read fresh = read.get(WAIT_MS, TimeUnit.MILLISECONDS);
            last = fresh;
            return fresh;
        } catch (TimeoutException slow) {
            return last.stale("the store did not answer within " + Duration.ofMillis(WAIT_MS).toSeconds() + " s");
        } catch (ExecutionException failed) {
            String why = failed.getCause() == null ? "" : String.valueOf(failed.getCause().getMessage());
            return last.stale("the store could not be read: " + why.lines().findFirst().orElse(""));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return last.stale("interrupted");
        }
    }

    /**
     * Hours per state for a metrics scrape: the last answer when it is younger than {@value #FRESH_MS} ms (fresh or
     * not: a scrape waits for the store once at most), else a read as {@link #read}.
     */
    public Map<String, Long> countByState() {
        Read r = answered;
        if (r != null && System.nanoTime() - answeredNanos < TimeUnit.MILLISECONDS.toNanos(FRESH_MS)) {
            return r.byState();
        }
        return read().byState();
    }
}
