package io.chathistorybridge.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
            seedFiles(source, source.generateHistory(hour, zone, records, hour.hashCode()));
            seeded.add(hour);
        }
        ZonedDateTime nowHour = nowZ.truncatedTo(ChronoUnit.HOURS);
        for (ZonedDateTime h = lastStart.plusHours(1); !h.isAfter(nowHour); h = h.plusHours(1)) {
            source.markUnstored(h.toLocalDateTime().format(HistoryGenerator.HOUR));
        }
        return seeded;
    }

    /**
     * The media the hour's records point at, stored in the source app with the uuid and share-secret each record
     * names (1 to 32 KB of bytes each, so a demo copies real files); one in ten has expired, as old files do.
     */
    static void seedFiles(SandboxApp source, Path historyFile) {
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(historyFile)), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                for (JsonNode body : json.readTree(line).path("payload").path("bodies")) {
                    seedFile(source, body.path("url").asText(""), body.path("secret").asText(""),
                            body.path("filename").asText(""));
                    seedFile(source, body.path("thumb").asText(""), body.path("thumb_secret").asText(""), "thumb");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void seedFile(SandboxApp source, String url, String secret, String filename) {
        String marker = "/" + source.org() + "/" + source.app() + "/chatfiles/";
        int at = url.indexOf(marker);
        if (at < 0) {
            return;
        }
        String uuid = url.substring(at + marker.length());
        Random bytes = new Random(uuid.hashCode());
        byte[] content = new byte[1024 + bytes.nextInt(31 * 1024)];
        bytes.nextBytes(content);
        source.chatfiles().seed(uuid, content, filename, secret);
        if (Math.floorMod(uuid.hashCode(), 10) == 0) {
            source.chatfiles().expire(uuid);
        }
    }
}
