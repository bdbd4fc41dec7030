package io.chathistorybridge.export;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Decides which hours an export run asks for: every hour whose end is at least {@code settle} in the
 * past, from {@code start-hour} (or the last {@code backfill} hours), that is not done, empty or expired,
 * plus any older hour still pending (a re-export request, or an hour that slid out of the window), oldest
 * first. The body becomes that list of {@code yyyyMMddHH}.
 */
public final class HourPlanner implements Processor {

    /** Exchange property: a one-line summary of the plan for the run's log line. */
    public static final String SUMMARY = "exportPlan";

    private final Hours hours;
    private final HourStates states;
    private final Duration settle;
    private final int backfillHours;
    private final String startHour;
    private final Clock clock;

    public HourPlanner(Hours hours, HourStates states, Duration settle, int backfillHours, String startHour,
                       Clock clock) {
        if (backfillHours < 1) {
            throw new IllegalArgumentException("bridge.export.backfill-hours must be at least 1, was " + backfillHours);
        }
        this.hours = hours;
        this.states = states;
        this.settle = settle;
        this.backfillHours = backfillHours;
        this.startHour = startHour == null || startHour.isBlank() ? null : startHour.trim();
        if (this.startHour != null) {
            hours.start(this.startHour); // fail at start-up on a malformed setting, not at the first run
        }
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        List<String> due = dueHours();
        exchange.getIn().setBody(due);
        exchange.setProperty(SUMMARY, due.isEmpty() ? "no hour due"
                : due.size() + (due.size() == 1 ? " hour due: " : " hours due: ") + due.get(0)
                + (due.size() > 1 ? " .. " + due.get(due.size() - 1) : ""));
    }

    /** The hours to export now, oldest first. */
    public List<String> dueHours() {
        Instant now = clock.instant();
        String last = lastDueHour(now);
        String first = startHour != null ? startHour
                : hours.hourOf(hours.start(last).minus(Duration.ofHours(backfillHours - 1L)));
        TreeSet<String> due = new TreeSet<>();
        if (first.compareTo(last) <= 0) {
            Map<String, HourState> known = states.between(first, last);
            for (String h = first; h.compareTo(last) <= 0; h = hours.next(h)) {
                HourState s = known.get(h);
                if (s == null || !s.isFinal()) {
                    due.add(h);
                }
            }
        }
        for (HourState pending : states.pending()) {
            if (pending.hour().compareTo(last) <= 0) {
                due.add(pending.hour());
            }
        }
        return new ArrayList<>(due);
    }

    /** The newest hour whose end is at least {@code settle} before now. */
    String lastDueHour(Instant now) {
        String h = hours.hourOf(now.minus(settle));
        // the hour containing now-settle ends after now-settle: step back one
        return hours.end(h).isAfter(now.minus(settle)) ? hours.hourOf(hours.start(h).minusSeconds(1)) : h;
    }
}
