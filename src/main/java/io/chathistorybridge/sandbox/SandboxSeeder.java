package io.chathistorybridge.sandbox;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Fills a source app with a small, varied, realistic history for demos and end-to-end tests. */
public final class SandboxSeeder {
    private SandboxSeeder() {
    }

    /**
     * Generates history for the last {@code hours} hours that finished before {@code now - 1 h} (the hours a bridge
     * with settle-minutes 60 treats as due), hour boundaries taken in {@code zone}. Each hour holds 36 to 44 lines
     * covering every message type (txt, img, audio, video, file, loc, cmd, custom with a legacy customExts array,
     * custom with a v2:customExts map) in every chat type (chat, groupchat, chatroom), ext on some records, and
     * one duplicated line. The hours after them up to the current hour are marked unstored (files not generated
     * yet), older hours stay unknown (404).
     *
     * @return the seeded hours (yyyyMMddHH), oldest first
     */
    public static List<String> seedDemo(EasemobSandbox sb, SandboxApp source, ZoneId zone, Instant now, int hours) {
        if (sb.app(source.org(), source.app()) != source) {
            throw new IllegalArgumentException("source app does not belong to this sandbox");
        }
        ZonedDateTime nowZ = now.atZone(zone);
        ZonedDateTime lastStart = nowZ.minusHours(1).truncatedTo(ChronoUnit.HOURS).minusHours(1);
        List<String> seeded = new ArrayList<>();
        for (int k = hours - 1; k >= 0; k--) {
            ZonedDateTime start = lastStart.minusHours(k);
            String hour = start.toLocalDateTime().format(HistoryGenerator.HOUR);
            int records = 36 + (int) (Math.floorMod(start.toEpochSecond() / 3600, 3) * 4);
            source.generateHistory(hour, zone, records, hour.hashCode());
            seeded.add(hour);
        }
        ZonedDateTime nowHour = nowZ.truncatedTo(ChronoUnit.HOURS);
        for (ZonedDateTime h = lastStart.plusHours(1); !h.isAfter(nowHour); h = h.plusHours(1)) {
            source.markUnstored(h.toLocalDateTime().format(HistoryGenerator.HOUR));
        }
        return seeded;
    }
}
