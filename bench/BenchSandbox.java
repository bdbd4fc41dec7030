import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import io.chathistorybridge.sandbox.EasemobSandbox;
import io.chathistorybridge.sandbox.SandboxApp;

/**
 * The sandbox of the bench/*.sh scripts, in its own JVM so that it does not share a heap (or an RSS figure) with
 * the bridge. Apps: source bench-org#bench-src (client bench-src-client / bench-src-secret) and target
 * bench-org#bench-tgt (bench-tgt-client / bench-tgt-secret). With records > 0 the source serves the last finished
 * UTC hour with that many generated records. Faults and rate limits are set over HTTP (POST /_sandbox/faults).
 * <p>Run with the bridge jar on the class path: {@code java -cp target/chat-history-bridge.jar bench/BenchSandbox.java [records]}
 */
public class BenchSandbox {
    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        EasemobSandbox sandbox = EasemobSandbox.start(0);
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
        SandboxApp source = sandbox.addApp("bench-org", "bench-src", "bench-src-client", "bench-src-secret");
        sandbox.addApp("bench-org", "bench-tgt", "bench-tgt-client", "bench-tgt-secret");
        if (records > 0) {
            String hour = DateTimeFormatter.ofPattern("yyyyMMddHH")
                    .format(Instant.now().minus(1, ChronoUnit.HOURS).atZone(ZoneOffset.UTC));
            var file = source.generateHistory(hour, ZoneOffset.UTC, records, 42);
            System.out.println("hour " + hour + " records " + records + " gz " + Files.size(file) + " bytes file " + file);
        }
        System.out.println("sandbox listening on " + sandbox.baseUrl());
        System.out.flush();
        Thread.currentThread().join();
    }
}
