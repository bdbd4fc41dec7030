package io.chathistorybridge.export;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;

/** History hours: {@code yyyyMMddHH} in the cluster's time zone (Asia/Shanghai or UTC), start inclusive. */
public final class Hours {

    static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuuMMddHH");
    private static final DateTimeFormatter PARSE = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
            .withResolverStyle(ResolverStyle.STRICT);

    private final ZoneId zone;

    public Hours(ZoneId zone) {
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The hour that contains the instant. */
    public String hourOf(Instant instant) {
        return FORMAT.format(instant.atZone(zone).truncatedTo(ChronoUnit.HOURS));
    }

    /** Start of the hour as an instant; throws IllegalArgumentException for anything but yyyyMMddHH. */
    public Instant start(String hour) {
        if (hour == null || !hour.matches("\\d{10}")) {
            throw new IllegalArgumentException("not an hour (yyyyMMddHH): " + hour);
        }
        try {
            return LocalDateTime.parse(hour + "0000", PARSE)
                    .atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an hour (yyyyMMddHH): " + hour, e);
        }
    }

    /** End of the hour (exclusive) as an instant. */
    public Instant end(String hour) {
        return start(hour).plus(Duration.ofHours(1));
    }

    /** The next hour label after this one (a label repeated by a DST fall-back is stepped over). */
    public String next(String hour) {
        Instant at = start(hour);
        String next;
        do {
            at = at.plus(Duration.ofHours(1));
            next = FORMAT.format(at.atZone(zone));
        } while (next.compareTo(hour) <= 0);
        return next;
    }
}
