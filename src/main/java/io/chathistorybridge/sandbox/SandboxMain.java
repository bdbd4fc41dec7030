package io.chathistorybridge.sandbox;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone sandbox: {@code java -cp chat-history-bridge.jar io.chathistorybridge.sandbox.SandboxMain [options]}.
 * Prints {@code sandbox listening on http://127.0.0.1:PORT} once ready and runs until killed.
 */
public final class SandboxMain {
    static final String USAGE = "usage: SandboxMain [--port N (default 8480, 0 = any)] [--import-rate N] [--latency-ms N]"
            + " [--seed-demo] [--seed-hours N (default 6)] [--zone ZONE (default UTC)]"
            + " [--source org/app/clientId/clientSecret] [--target org/app/clientId/clientSecret]";

    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EasemobSandbox sb;
        try {
            sb = launch(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(sb::close, "easemob-sandbox-shutdown"));
        new CountDownLatch(1).await();
    }

    /** Parses the arguments, starts and populates the sandbox, prints the listening line; does not block. */
    static EasemobSandbox launch(String[] args, PrintStream out) {
        int port = SandboxDefaults.PORT;
        Integer importRate = null;
        long latencyMs = 0;
        boolean seed = false;
        int seedHours = SandboxDefaults.SEED_HOURS;
        ZoneId zone = ZoneId.of("UTC");
        String[] source = {SandboxDefaults.SOURCE_ORG, SandboxDefaults.SOURCE_APP,
                SandboxDefaults.SOURCE_CLIENT_ID, SandboxDefaults.SOURCE_CLIENT_SECRET};
        String[] target = {SandboxDefaults.TARGET_ORG, SandboxDefaults.TARGET_APP,
                SandboxDefaults.TARGET_CLIENT_ID, SandboxDefaults.TARGET_CLIENT_SECRET};
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--port" -> port = intArg(args, ++i, a);
                case "--import-rate" -> importRate = intArg(args, ++i, a);
                case "--latency-ms" -> latencyMs = intArg(args, ++i, a);
                case "--seed-demo" -> seed = true;
                case "--seed-hours" -> seedHours = intArg(args, ++i, a);
                case "--zone" -> zone = ZoneId.of(arg(args, ++i, a));
                case "--source" -> source = appArg(args, ++i, a);
                case "--target" -> target = appArg(args, ++i, a);
                default -> throw new IllegalArgumentException("unknown argument: " + a);
            }
        }
        EasemobSandbox sb = EasemobSandbox.start(port);
        try {
            SandboxApp src = sb.addApp(source[0], source[1], source[2], source[3]);
            SandboxApp tgt = sb.addApp(target[0], target[1], target[2], target[3]);
            if (importRate != null) {
                src.importRatePerSecond(importRate);
                tgt.importRatePerSecond(importRate);
            }
            sb.faults().latency(Duration.ofMillis(latencyMs));
            if (seed) {
                SandboxSeeder.seedDemo(sb, src, zone, Instant.now(), seedHours);
            }
        } catch (RuntimeException e) {
            sb.close();
            throw e;
        }
        out.println("sandbox listening on " + sb.baseUrl());
        out.flush();
        return sb;
    }

    private static String arg(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    private static int intArg(String[] args, int i, String name) {
        try {
            return Integer.parseInt(arg(args, i, name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number: " + args[i]);
        }
    }

    private static String[] appArg(String[] args, int i, String name) {
        String[] p = arg(args, i, name).split("/", -1);
        if (p.length != 4 || java.util.Arrays.stream(p).anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException(name + " must be org/app/clientId/clientSecret: " + args[i]);
        }
        return p;
    }
}
