import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import io.chathistorybridge.sandbox.EasemobSandbox;
import io.chathistorybridge.sandbox.SandboxApp;

/**
 * Sandbox for bench/export-memory.sh: serves one UTC hour (the last finished one) of N generated records.
 * Run with the bridge jar on the class path: java -cp target/chat-history-bridge.jar bench/ExportMemorySandbox.java N
 */
public class ExportMemorySandbox {
    public static void main(String[] args) throws Exception {
        int records = Integer.parseInt(args[0]);
        EasemobSandbox sandbox = EasemobSandbox.start(0);
        SandboxApp app = sandbox.addApp("bench-org", "bench-app", "bench-client", "bench-secret");
        String hour = DateTimeFormatter.ofPattern("yyyyMMddHH")
                .format(Instant.now().minus(1, ChronoUnit.HOURS).atZone(ZoneOffset.UTC));
        var file = app.generateHistory(hour, ZoneOffset.UTC, records, 42);
        System.out.println("hour " + hour + " records " + records + " gz " + Files.size(file) + " bytes");
        System.out.println("sandbox listening on " + sandbox.baseUrl());
        System.out.flush();
        Thread.currentThread().join();
    }
}
