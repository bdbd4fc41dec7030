package io.chathistorybridge.export;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stores an hour's outcome and prepares its log line. From {@code exportAnswer} (and the writer's counts):
 * written → done; empty → empty; expired or unstored → pending, or expired once the hour is older than
 * {@code give-up}; anything else → pending with the error. Sets {@code exportState} and
 * {@code exportOutcome} (the log line, without URLs or tokens).
 */
public final class HourRecorder implements Processor {

    public static final String STATE = "exportState";
    public static final String OUTCOME = "exportOutcome";
    public static final String STARTED = "exportStarted";
    /** Set by the route once the hour's file is written. */
    public static final String ANSWER_WRITTEN = "written";

    private final Hours hours;
    private final HourStates states;
    private final Duration giveUp;
    private final Clock clock;

    public HourRecorder(Hours hours, HourStates states, Duration giveUp, Clock clock) {
        this.hours = hours;
        this.states = states;
        this.giveUp = giveUp;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        String hour = exchange.getProperty(HourFileWriter.HOUR, String.class);
        String answer = exchange.getProperty(HistoryAnswer.ANSWER, "", String.class);
        String error = io.chathistorybridge.api.Redact.urls(exchange.getProperty(HistoryAnswer.ERROR, String.class));
        Instant now = clock.instant();
        String state;
        String detail;
        switch (answer) {
            case ANSWER_WRITTEN -> {
                long records = exchange.getProperty(HourFileWriter.RECORDS, 0L, Long.class);
                long duplicates = exchange.getProperty(HourFileWriter.DUPLICATES, 0L, Long.class);
                long rejects = exchange.getProperty(HourFileWriter.REJECTS, 0L, Long.class);
                long blank = exchange.getProperty(HourFileWriter.BLANK, 0L, Long.class);
                long lines = exchange.getProperty(HourFileWriter.LINES, records + duplicates + rejects + blank,
                        Long.class);
                states.markDone(hour, records, duplicates, rejects);
                state = HourState.DONE;
                detail = records + " records, " + duplicates + " duplicates, " + rejects + " rejects, " + blank
                        + " blank of " + lines + " lines read";
            }
            case HistoryAnswer.ANSWER_EMPTY -> {
                states.markEmpty(hour);
                state = HourState.EMPTY;
                detail = "0 records (no history file for this hour)";
            }
            case HistoryAnswer.ANSWER_UNSTORED -> {
                if (!hours.end(hour).plus(giveUp).isAfter(now)) {
                    String why = "still expired or unstored " + giveUp.toHours()
                            + " h after the hour: its messages are not exported (a gap)";
                    states.markExpired(hour, why);
                    state = HourState.EXPIRED;
                    detail = why;
                } else {
                    states.markPending(hour, error);
                    state = HourState.PENDING;
                    detail = "history not available yet, tried again next run";
                }
            }
            default -> {
                String why = error == null ? "export did not finish" : error;
                states.markPending(hour, why);
                state = HourState.PENDING;
                detail = why + "; tried again next run";
            }
        }
        long started = exchange.getProperty(STARTED, now.toEpochMilli(), Long.class);
        double seconds = Math.max(0, now.toEpochMilli() - started) / 1000.0;
        exchange.setProperty(STATE, state);
        exchange.setProperty(OUTCOME, String.format(Locale.ROOT, "Export hour %s: %s, %s, %.1f s",
                hour, state, detail, seconds));
    }
}
