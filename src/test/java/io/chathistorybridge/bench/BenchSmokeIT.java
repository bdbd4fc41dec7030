package io.chathistorybridge.bench;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every bench/*.sh at its smoke size against the packaged jar (failsafe, after {@code package}): the scripts
 * must still work and print their figures. No timing goal is asserted here: the figures need the real sizes
 * and a quiet machine (bench/README.md). The import benchmarks are skipped while routes/import.camel.yaml is absent.
 */
class BenchSmokeIT {

    private static String run(int timeoutSeconds, String script, String... args) throws IOException, InterruptedException {
        return run(timeoutSeconds, Map.of(), false, script, args);
    }

    /** @param verdictMayFail the script may exit 1 (its verification failed) as long as it printed its figures */
    private static String run(int timeoutSeconds, Map<String, String> env, boolean verdictMayFail, String script,
                              String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = "bench/" + script;
        System.arraycopy(args, 0, command, 2, args.length);
        Path out = Files.createTempFile("bench-smoke", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().putAll(env);
            Process p = builder.start();
            boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!done) {
                p.destroy(); // SIGTERM: the script's trap stops the JVMs it started
                p.waitFor(20, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            System.out.println(text);
            assertTrue(done, script + " did not finish in " + timeoutSeconds + " s:\n" + text);
            if (!(verdictMayFail && p.exitValue() == 1)) {
                assertEquals(0, p.exitValue(), script + " failed:\n" + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void assumeImportRoute() {
        Assumptions.assumeTrue(Files.exists(Path.of("routes/import.camel.yaml")), "the import route is not on this branch yet");
    }

    @Test
    @Timeout(120)
    void exportHour() throws Exception {
        String out = run(100, "export-hour.sh", "2000");
        assertTrue(out.contains("RESULT export_time_ratio="), out);
        assertTrue(out.contains("RESULT export_peak_rss_mb="), out);
    }

    @Test
    @Timeout(120)
    void idempotencyStore() throws Exception {
        String out = run(100, "idempotency-store.sh", "20000", "4000");
        assertTrue(out.contains("RESULT store_full_empty_ratio="), out);
        assertTrue(out.contains("RESULT store_mb_per_million_keys="), out);
    }

    @Test
    @Timeout(120)
    void pacedImport() throws Exception {
        assumeImportRoute();
        // the script exits 1 if any sliding second held more than the limit: the window guard holds it on any machine
        String out = run(100, "paced-import.sh", "300");
        assertTrue(out.contains("RESULT paced_users rate="), out);
        assertTrue(out.contains("missing=0 mismatched=0"), out);
        assertTrue(out.contains("max_in_any_1s=") && !out.contains("FAIL"), out);
    }

    @Test
    @Timeout(150)
    void attachments() throws Exception {
        assumeImportRoute();
        // the script exits 1 if a message is lost, changed or out of order, or a source file is not copied once
        String out = run(130, "attachments.sh", "300");
        assertTrue(out.contains("RESULT attachments media_rate="), out);
        assertTrue(out.contains("inline_ratio=") && !out.contains("FAIL"), out);
    }

    @Test
    @Timeout(150)
    void backlog() throws Exception {
        assumeImportRoute();
        // the script exits 1 if a message is missing, changed or out of order across the files
        String out = run(130, "backlog.sh", "2", "300");
        assertTrue(out.contains("RESULT backlog files=2 records=600 time_s="), out);
        assertTrue(out.contains("missing=0 mismatched=0") && out.contains("order_violations=0"), out);
    }

    @Test
    @Timeout(120)
    void unpacedImport() throws Exception {
        assumeImportRoute();
        String out = run(100, "unpaced-import.sh", "200");
        assertTrue(out.contains("RESULT unpaced bridge_rate="), out);
    }

    @Test
    @Timeout(120)
    void importMemory() throws Exception {
        assumeImportRoute();
        String out = run(100, "import-memory.sh", "2000");
        assertTrue(out.contains("RESULT import_peak_rss_mb="), out);
    }

    @Test
    @Timeout(120)
    void lineDecode() throws Exception {
        String out = run(100, "line-decode.sh", "20000", "3");
        assertTrue(out.contains("RESULT utf8_strict_over_lenient="), out);
    }

    /**
     * One kill -9 at smoke size, with every fault: nothing missing, nothing mismatched, duplicates and order-rule
     * refusals only where a crash or a dropped answer hid a success.
     */
    @Test
    @Timeout(260)
    void soak() throws Exception {
        assumeImportRoute();
        // few conversations at this size: each retries in series, so short retry delays keep CI quick
        String out = run(240, Map.of("KILLS", "1", "LATENCY_MS", "0", "BRIDGE_API_RETRY_DELAY_MS", "50",
                "BRIDGE_API_MAX_RETRY_DELAY_MS", "1000"), true, "soak.sh", "400");
        assertTrue(out.contains("RESULT soak missing="), out);
        assertTrue(out.contains("RESULT soak token_requests"), out);
        assertTrue(out.contains("SOAK PASS"), out);
    }
}
