package io.chathistorybridge.export;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.pace.Pacer;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/** The beans of routes/export.camel.yaml. */
public class ExportConfiguration implements CamelConfiguration {

    /** History hours in the cluster's time zone. */
    @BindToRegistry
    public Hours exportHours(@PropertyInject("bridge.export.time-zone") String zone) {
        return new Hours(ZoneId.of(zone.trim()));
    }

    /** Hour states of the export (done, empty, pending, expired) in the bridge database. */
    @BindToRegistry
    public HourStates hourStates(DataSource bridgeDataSource) {
        return new HourStates(bridgeDataSource);
    }

    /** Paces the history calls: the API allows 10 a minute per app. */
    @BindToRegistry
    public Pacer historyPacer(@PropertyInject("bridge.export.requests-per-minute") double perMinute) {
        return new Pacer("history", perMinute, 60_000, 1_000, 300_000);
    }

    /** Which hours an export run asks for. */
    @BindToRegistry
    public HourPlanner hourPlanner(Hours exportHours, HourStates hourStates,
                                   @PropertyInject("bridge.export.settle-minutes") int settleMinutes,
                                   @PropertyInject("bridge.export.backfill-hours") int backfillHours,
                                   @PropertyInject("bridge.export.start-hour") String startHour) {
        return new HourPlanner(exportHours, hourStates, Duration.ofMinutes(settleMinutes), backfillHours, startHour,
                Clock.systemUTC());
    }

    /** Classifies the answer of GET chatmessages/{hour}. */
    @BindToRegistry
    public HistoryAnswer historyAnswer(ObjectMapper jsonMapper) {
        return new HistoryAnswer(jsonMapper);
    }

    /** Picks the hour's next download URL and names its raw file. */
    @BindToRegistry
    public NextDownload nextDownload(@PropertyInject("bridge.data-dir") String dataDir) {
        return new NextDownload(Path.of(dataDir, "export", "raw"));
    }

    /** Classifies the answer of one download: the file, an expired URL (renewed while renewals are left), a failure. */
    @BindToRegistry
    public DownloadAnswer downloadAnswer(@PropertyInject("bridge.export.url-renewals") int urlRenewals) {
        return new DownloadAnswer(urlRenewals);
    }

    /** Fails the hour with the exception that ended its steps. */
    @BindToRegistry
    public HourFailure hourFailure() {
        return new HourFailure();
    }

    /** Writes an hour's NDJSON file from its downloaded history files. */
    @BindToRegistry
    public HourFileWriter hourFileWriter(@PropertyInject("bridge.export.output-dir") String outputDir,
                                         @PropertyInject("bridge.data-dir") String dataDir,
                                         @PropertyInject("bridge.export.keep-raw") boolean keepRaw,
                                         ObjectMapper jsonMapper) {
        return new HourFileWriter(Path.of(outputDir).toAbsolutePath(), Path.of(dataDir, "export", "rejects"), keepRaw,
                jsonMapper);
    }

    /** Stores each hour's outcome and words its log line. */
    @BindToRegistry
    public HourRecorder hourRecorder(Hours exportHours, HourStates hourStates,
                                     @PropertyInject("bridge.export.give-up-hours") int giveUpHours) {
        return new HourRecorder(exportHours, hourStates, Duration.ofHours(giveUpHours), Clock.systemUTC());
    }

    /** Runs the export again bridge.export.retry-seconds after a run stopped on a failure (the store away). */
    @BindToRegistry
    public ExportRetry exportRetry(@PropertyInject("bridge.export.retry-seconds") long retrySeconds) {
        return new ExportRetry(retrySeconds);
    }

    /** Re-export request files: the hours they name become pending again. */
    @BindToRegistry
    public ReexportRequest reexportRequest(Hours exportHours, HourStates hourStates) {
        return new ReexportRequest(exportHours, hourStates);
    }
}
