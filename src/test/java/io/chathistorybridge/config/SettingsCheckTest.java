package io.chathistorybridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsCheckTest {

    @TempDir
    Path dir;

    private final Map<String, String> settings = new HashMap<>();

    /** The shipped defaults plus credentials for both apps: a valid configuration. */
    @BeforeEach
    void validSettings() throws IOException {
        Properties shipped = new Properties();
        try (var in = new FileInputStream("config/application.properties")) {
            shipped.load(in);
        }
        shipped.forEach((k, v) -> settings.put((String) k, (String) v));
        for (String side : List.of("source", "target")) {
            settings.put("bridge." + side + ".org", "org");
            settings.put("bridge." + side + ".app", side);
            settings.put("bridge." + side + ".client-id", "id");
            settings.put("bridge." + side + ".client-secret", "secret");
        }
        settings.put("bridge.data-dir", dir.resolve("data").toString());
    }

    private List<String> problems() {
        return SettingsCheck.problems(settings::get);
    }

    private void assertOneProblem(String key, String words) {
        List<String> problems = problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(key + ": "), problems.get(0));
        assertTrue(problems.get(0).contains(words), problems.get(0));
    }

    @Test
    void inProgressNamesMustBeARegularExpression() {
        settings.put("bridge.import.in-progress-names", "(*.part");
        assertOneProblem("bridge.import.in-progress-names", "is not a regular expression");
    }

    @Test
    void aKeyMissingFromTheFileIsNamedOnceWithoutTheProblemsItCauses() {
        settings.remove("bridge.export.time-zone");
        settings.remove("bridge.source.org");
        assertEquals(List.of(SettingsCheck.notSet("bridge.source.org"), SettingsCheck.notSet("bridge.export.time-zone")),
                problems());
        settings.put("bridge.export.time-zone", "Mars/Olympus");
        settings.remove("bridge.data-dir");
        List<String> problems = problems();
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(2).startsWith("bridge.export.time-zone: 'Mars/Olympus' is not a time zone"), problems.toString());
        assertTrue(problems.contains("bridge.data-dir: is not set (config/application.properties as shipped holds every"
                + " key with its default: put the key back)"), problems.toString());
    }

    @Test
    void shippedDefaultsWithCredentialsAreValid() {
        assertEquals(List.of(), problems());
    }

    @Test
    void managementBeyondLoopbackNeedsAPasswordOrOpenOnPurpose() {
        settings.put("bridge.management.host", "0.0.0.0");
        assertOneProblem("bridge.management.host", "BRIDGE_MANAGEMENT_PASSWORD");
        settings.put("bridge.management.open", "true");
        assertEquals(List.of(), problems());
        settings.put("bridge.management.open", "false");
        settings.put("bridge.management.password", "pw");
        assertEquals(List.of(), problems());
        settings.put("bridge.management.host", "127.0.0.2");
        settings.put("bridge.management.password", "");
        assertEquals(List.of(), problems(), "127.0.0.0/8 is loopback");
    }

    @Test
    void exportWithoutSourceCredentials() {
        settings.put("bridge.source.client-secret", "");
        assertOneProblem("bridge.source.client-secret", "BRIDGE_SOURCE_CLIENT_SECRET");
    }

    @Test
    void exportDisabledNeedsNoSourceCredentials() {
        settings.put("bridge.export.enabled", "false");
        settings.put("bridge.import.attachments", "link");
        settings.put("bridge.source.client-id", "");
        assertEquals(List.of(), problems());
    }

    @Test
    void copyingAttachmentsNeedsTheSourceAppInOneLineThatNamesLink() {
        settings.put("bridge.export.enabled", "false");
        settings.put("bridge.source.client-id", "");
        settings.put("bridge.source.client-secret", "");
        assertOneProblem("bridge.import.attachments", "bridge.source.client-id, bridge.source.client-secret are empty");
        assertTrue(problems().get(0).contains("bridge.import.attachments=link"), problems().get(0));
        settings.put("bridge.import.attachments", "server");
        assertEquals(List.of(), problems());
        settings.put("bridge.import.attachments", "copy");
        settings.put("bridge.import.need-download", "false"); // the old key still decides: link
        assertEquals(List.of(), problems());
    }

    @Test
    void attachmentsMustBeCopyLinkOrServer() {
        settings.put("bridge.import.attachments", "mirror");
        assertOneProblem("bridge.import.attachments", "is not copy, link or server");
        settings.put("bridge.import.attachments", "link");
        settings.put("bridge.import.need-download", "yes");
        assertOneProblem("bridge.import.need-download", "must be true or false");
    }

    @Test
    void badCron() {
        settings.put("bridge.export.cron", "every hour");
        assertOneProblem("bridge.export.cron", "not a Quartz cron expression");
    }

    @Test
    void unknownTimeZone() {
        settings.put("bridge.export.time-zone", "Mars/Olympus");
        assertOneProblem("bridge.export.time-zone", "not a time zone");
    }

    @Test
    void rateOfZero() {
        settings.put("bridge.import.rate-per-second", "0");
        assertOneProblem("bridge.import.rate-per-second", "out of range");
    }

    @Test
    void rateThatIsNotANumber() {
        settings.put("bridge.import.rate-per-second", "fast");
        assertOneProblem("bridge.import.rate-per-second", "not a whole number");
    }

    @Test
    void unreadableMapFile() {
        settings.put("bridge.import.group-map", dir.resolve("missing.csv").toString());
        assertOneProblem("bridge.import.group-map", "cannot read the map file");
    }

    @Test
    void malformedMapFile() throws IOException {
        Path map = Files.writeString(dir.resolve("groups.csv"), "# source,target\ng1,g9\njust-one-column\n");
        settings.put("bridge.import.user-map", map.toString());
        assertOneProblem("bridge.import.user-map", "line 3");
    }

    @Test
    void historyPaceAboveTheApiLimit() {
        settings.put("bridge.export.requests-per-minute", "20");
        assertOneProblem("bridge.export.requests-per-minute", "allows 10");
    }

    @Test
    void badStartHour() {
        settings.put("bridge.export.start-hour", "2026-11-21");
        assertOneProblem("bridge.export.start-hour", "yyyyMMddHH");
    }

    @Test
    void badBaseUrl() {
        settings.put("bridge.target.base-url", "a1.easemob.com");
        assertOneProblem("bridge.target.base-url", "not an http(s) URL");
    }

    @Test
    void dryRunNeedsNoTargetCredentials() {
        settings.put("bridge.import.dry-run", "true");
        settings.put("bridge.target.client-secret", "");
        assertEquals(List.of(), problems());
    }
}
