package io.chathistorybridge.export;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * A re-export request file (dropped into {@code {data-dir}/export/requests}): one hour {@code yyyyMMddHH}
 * or a range {@code yyyyMMddHH-yyyyMMddHH} per line, {@code #} starts a comment. Every hour named becomes
 * pending again, so the next run exports it even if it was done. A malformed line fails the whole file
 * before anything changes. Sets {@code exportReset} (how many hours were reset).
 */
public final class ReexportRequest implements Processor {

    public static final String RESET = "exportReset";
    /** A larger range is more likely a typo than a wish: about a year of hours. */
    static final int MAX_HOURS = 24 * 366;

    private final Hours hours;
    private final HourStates states;

    public ReexportRequest(Hours hours, HourStates states) {
        this.hours = hours;
        this.states = states;
    }

    @Override
    public void process(Exchange exchange) {
        String text = exchange.getIn().getBody(String.class);
        String file = exchange.getIn().getHeader(Exchange.FILE_NAME, "request", String.class);
        List<String> all = parse(text == null ? "" : text);
        for (String hour : all) {
            states.reset(hour, "re-export requested by " + file);
        }
        exchange.setProperty(RESET, all.size());
    }

    /** The hours a request names, in order. */
    List<String> parse(String text) {
        List<String> all = new ArrayList<>();
        int lineNo = 0;
        for (String raw : text.split("\\R")) {
            lineNo++;
            String line = raw.replaceFirst("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] range = line.split("\\s*(-|\\.\\.)\\s*");
            try {
                String from = range[0];
                String to = range.length > 1 ? range[1] : range[0];
                if (range.length > 2) {
                    throw new IllegalArgumentException("more than one range");
                }
                hours.start(from);
                hours.start(to);
                if (from.compareTo(to) > 0) {
                    throw new IllegalArgumentException("range ends before it starts");
                }
                for (String h = from; h.compareTo(to) <= 0; h = hours.next(h)) {
                    all.add(h);
                    if (all.size() > MAX_HOURS) {
                        throw new IllegalArgumentException("more than " + MAX_HOURS + " hours requested");
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("re-export request line " + lineNo + " '" + raw.trim()
                        + "': " + e.getMessage() + " (expected yyyyMMddHH or yyyyMMddHH-yyyyMMddHH)", e);
            }
        }
        return all;
    }
}
