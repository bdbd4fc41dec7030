package io.chathistorybridge.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.chathistorybridge.api.Redact;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs at start-up what the bridge is about to do. Secrets are only said to be set or not. */
public final class StartupSummary extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(StartupSummary.class);

    @Override
    public void afterStart(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        lines(key -> properties.resolveProperty(key).orElse("")).forEach(LOG::info);
    }

    /** The summary, one string per line. */
    static List<String> lines(Function<String, String> s) {
        List<String> lines = new ArrayList<>();
        lines.add("chat-history-bridge will:");
        boolean export = "true".equalsIgnoreCase(s.apply("bridge.export.enabled"));
        boolean imports = "true".equalsIgnoreCase(s.apply("bridge.import.enabled"));
        lines.add("  export : " + (export
                ? appKey(s, "source") + " at " + s.apply("bridge.source.base-url") + " -> "
                        + s.apply("bridge.export.output-dir") + ", cron '" + s.apply("bridge.export.cron") + "' in "
                        + s.apply("bridge.export.time-zone") + " (and once now), hours settled "
                        + s.apply("bridge.export.settle-minutes") + " min, back "
                        + (s.apply("bridge.export.start-hour").isEmpty()
                                ? s.apply("bridge.export.backfill-hours") + " h"
                                : "to " + s.apply("bridge.export.start-hour"))
                        + ", " + s.apply("bridge.export.requests-per-minute") + " history calls/min"
                : "off"));
        lines.add("  import : " + (imports
                ? s.apply("bridge.import.inbox") + " -> " + appKey(s, "target") + " at "
                        + s.apply("bridge.target.base-url") + ", " + s.apply("bridge.import.rate-per-second")
                        + "/s per endpoint, up to " + s.apply("bridge.import.max-in-flight")
                        + " conversations in flight, " + s.apply("bridge.import.max-attempts") + " attempts, need_download="
                        + s.apply("bridge.import.need-download")
                        + ("true".equalsIgnoreCase(s.apply("bridge.import.dry-run")) ? ", DRY RUN (nothing posted)" : "")
                : "off"));
        lines.add("  folders: " + s.apply("bridge.data-dir")
                + " (inbox, archive, failed, unsupported, reports, export/raw, state)");
        String jdbc = s.apply("bridge.store.jdbc-url");
        lines.add("  store  : " + (jdbc.isEmpty() ? "H2 file " + s.apply("bridge.data-dir") + "/state/bridge"
                : Redact.password(jdbc)));
        lines.add("  status : port " + s.apply("bridge.management.port")
                + ": /observe/health, /observe/metrics, /observe/bridge");
        lines.add("  secrets: source client secret " + setOrNot(s.apply("bridge.source.client-secret"))
                + ", target client secret " + setOrNot(s.apply("bridge.target.client-secret")));
        return lines;
    }

    private static String appKey(Function<String, String> s, String side) {
        return s.apply("bridge." + side + ".org") + "#" + s.apply("bridge." + side + ".app");
    }

    private static String setOrNot(String secret) {
        return secret == null || secret.isEmpty() ? "NOT SET" : "set (****)";
    }
}
