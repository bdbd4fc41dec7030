package io.chathistorybridge.export;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import io.chathistorybridge.api.Redact;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stores an hour's outcome from its answer: WRITTEN → done with the writer's counts; EMPTY → empty; UNSTORED →
 * pending, or expired once the hour is older than {@code give-up}; anything else → pending with the error. Gives
 * the hour its state and its log line (without URLs or tokens).
 */
public final class HourRecorder implements Processor {

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
        ExportHour export = ExportHour.of(exchange);
        String hour = export.hour();
        String error = Redact.urls(export.error());
        Instant now = clock.instant();
        String state;
        String detail;
        ExportHour.Answer answer = export.answer() == null ? ExportHour.Answer.FAILED : export.answer();
        switch (answer) {
            case WRITTEN -> {
                HourFileWriter.Result r = export.written();
                states.markDone(hour, r.records(), r.duplicates(), r.rejects());
                state = HourState.DONE;
                detail = r.records() + " records, " + r.duplicates() + " duplicates, " + r.rejects() + " rejects, "
                        + r.blank() + " blank of " + r.lines() + " lines read";
            }
            case EMPTY -> {
                states.markEmpty(hour);
                state = HourState.EMPTY;
                detail = "0 records (no history file for this hour)";
            }
            case UNSTORED -> {
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
        double seconds = Math.max(0, now.toEpochMilli() - export.startedMillis()) / 1000.0;
        export.recorded(state, String.format(Locale.ROOT, "Export hour %s: %s, %s, %.1f s", hour, state, detail,
                seconds));
    }
}
