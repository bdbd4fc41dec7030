package io.chathistorybridge.ops;

import java.util.function.ToDoubleFunction;

import io.chathistorybridge.cluster.BridgeRole;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.StartupListener;
import io.chathistorybridge.export.HourState;
import io.chathistorybridge.export.HourStates;
import io.chathistorybridge.imports.ImportRuns;
import io.chathistorybridge.pace.Pacer;
import io.chathistorybridge.token.AppToken;
import java.util.List;

/**
 * The bridge's own counters and gauges, published next to Camel's at /observe/metrics (Prometheus).
 * The registry is Camel's (bound when metrics are on); without it they go to a private registry.
 */
public final class BridgeMetrics implements CamelContextAware, StartupListener {

    private CamelContext camelContext;
    private volatile MeterRegistry registry;
    private final java.util.concurrent.atomic.AtomicBoolean bound = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public void setCamelContext(CamelContext camelContext) {
        if (this.camelContext == camelContext) {
            return; // injected twice (binding and post-processing): listen once
        }
        this.camelContext = camelContext;
        try {
            camelContext.addStartupListener(this);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the metrics start-up listener", e);
        }
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // gauges are bound once fully started, when Camel's meter registry exists
    }

    /** Once Camel has started (its registry exists): gauges over the beans that keep their own counts. */
    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        if (!bound.compareAndSet(false, true)) {
            return; // Camel may announce the start twice
        }
        context.getRegistry().findByTypeWithName(AppToken.class).forEach((name, token) ->
                functionCounter("bridge_token_requests", "token requests sent, per app", token,
                        AppToken::requests, "app", token.appKey(), "bean", name));
        context.getRegistry().findByTypeWithName(Pacer.class).forEach((name, pacer) -> {
            gauge("bridge_rate_configured", "configured calls per window", pacer, Pacer::configuredRate,
                    "pacer", pacer.name());
            gauge("bridge_rate_current", "calls per window allowed now (lower while recovering from 429)",
                    pacer, p -> p.currentRate(System.nanoTime()), "pacer", pacer.name());
            functionCounter("bridge_paced_calls", "calls let through by the pacer", pacer, Pacer::permits,
                    "pacer", pacer.name());
            functionCounter("bridge_throttled", "429 answers seen by the pacer", pacer, Pacer::throttles,
                    "pacer", pacer.name());
            functionCounter("bridge_pace_guard_waits", "waits of paced calls for room in the sliding window", pacer,
                    Pacer::guardWaits, "pacer", pacer.name());
        });
        io.chathistorybridge.attachments.AttachmentCounts files =
                context.getRegistry().findSingleByType(io.chathistorybridge.attachments.AttachmentCounts.class);
        if (files != null) {
            // the download and upload calls: bridge_paced_calls of the chatfiles-download and chatfiles-upload pacers
            String help = "source files of imported messages, by outcome: copied into the target app, found copied"
                    + " before, missing (gone or too big: the message keeps its url), paused (the calls kept failing)";
            functionCounter("bridge_attachments", help, files, c -> c.copied(), "outcome", "copied");
            functionCounter("bridge_attachments", help, files, c -> c.reused(), "outcome", "reused");
            functionCounter("bridge_attachments", help, files, c -> c.missing(), "outcome", "missing");
            functionCounter("bridge_attachments", help, files, c -> c.pauses(), "outcome", "paused");
            functionCounter("bridge_attachment_bytes_copied", "bytes of the source files copied into the target app",
                    files, c -> c.bytesCopied());
        }
        io.chathistorybridge.attachments.CopyAhead ahead =
                context.getRegistry().findSingleByType(io.chathistorybridge.attachments.CopyAhead.class);
        if (ahead != null) {
            gauge("bridge_attachment_disk_reserved_bytes", "bytes reserved on disk by the attachment copies ahead"
                    + " (bridge.attachments.disk-budget-mb)", ahead, a -> a.reservedBytes());
        }
        io.chathistorybridge.attachments.AttachmentLifetime lifetime =
                context.getRegistry().findSingleByType(io.chathistorybridge.attachments.AttachmentLifetime.class);
        if (lifetime != null && lifetime.active()) {
            String help = "new copies whose retention was asked for (bridge.attachments.lifetime): set, or not set"
                    + " (refused, failed, or 403: the target app has no extended file storage)";
            functionCounter("bridge_attachment_lifetime", help, lifetime, l -> l.set(), "outcome", "set");
            functionCounter("bridge_attachment_lifetime", help, lifetime, l -> l.notSet(), "outcome", "not_set");
        }
        ImportRuns imports = context.getRegistry().findSingleByType(ImportRuns.class);
        if (imports != null) {
            gauge("bridge_import_backlog_files", "message files waiting in the inbox", imports, ImportRuns::filesWaiting);
            gauge("bridge_import_backlog_lines", "lines of the current file not finished", imports,
                    ImportRuns::linesWaiting);
            for (String outcome : ImportRuns.OUTCOMES) {
                functionCounter("bridge_import_lines", "lines of finished files, by outcome (their sum is every line)",
                        imports, r -> r.lines(outcome), "outcome", outcome);
            }
            functionCounter("bridge_import_files_set_aside", "inbox files moved to failed/ whole, with a .reason.txt",
                    imports, ImportRuns::filesSetAside);
        }
        HourStatesView hours = context.getRegistry().findSingleByType(HourStatesView.class);
        if (hours != null && context.getRegistry().findSingleByType(HourStates.class) != null) {
            for (String state : List.of(HourState.DONE, HourState.EMPTY, HourState.PENDING, HourState.EXPIRED)) {
                gauge("bridge_export_hour_states", "hours of history known to the export, by state", hours,
                        h -> h.countByState().getOrDefault(state, 0L), "state", state);
            }
        }
        leader();
    }

    /** 1 while this process leads the work; a single process always does. */
    private void leader() {
        gauge("bridge_leader", "1 while this process is the leader that exports and imports, else 0", this, m -> {
            BridgeRole role = m.camelContext.getRegistry().findSingleByType(BridgeRole.class);
            return role == null || "leader".equals(role.role()) ? 1 : 0;
        });
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /** Camel's registry once it exists (it is bound while the context starts). */
    public MeterRegistry registry() {
        MeterRegistry r = registry;
        if (r == null) {
            synchronized (this) {
                if (registry == null) {
                    MeterRegistry camel = camelContext == null ? null
                            : camelContext.getRegistry().findSingleByType(MeterRegistry.class);
                    registry = camel != null ? camel : new SimpleMeterRegistry();
                }
                r = registry;
            }
        }
        return r;
    }

    /** A message imported into the target app. */
    public void imported(String endpoint, String type) {
        Counter.builder("bridge_messages_imported").description("messages imported into the target app")
                .tag("endpoint", endpoint).tag("type", type == null ? "unknown" : type)
                .register(registry()).increment();
    }

    /** A message or hour that failed, by error code (e.g. 400 illegal_argument, invalid_json). */
    public void failed(String stage, String error) {
        Counter.builder("bridge_failures").description("messages and hours that failed, by error")
                .tag("stage", stage).tag("error", error == null ? "unknown" : error)
                .register(registry()).increment();
    }

    /** A gauge read at each scrape, e.g. hours by state or files waiting. */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value, String... tags) {
        if (exists(name, tags)) {
            return;
        }
        Gauge.builder(name, source, value).description(description).tags(tags).strongReference(true)
                .register(registry());
    }

    /** A counter kept by another object (token requests, permits), read at each scrape. */
    public <T> void functionCounter(String name, String description, T source, ToDoubleFunction<T> value,
                                    String... tags) {
        if (exists(name, tags)) {
            return;
        }
        FunctionCounter.builder(name, source, value).description(description).tags(tags).register(registry());
    }

    /** Meters are bound once; a second binding (a second start notice) keeps the first. */
    private boolean exists(String name, String... tags) {
        return registry().find(name).tags(tags).meter() != null;
    }

}
