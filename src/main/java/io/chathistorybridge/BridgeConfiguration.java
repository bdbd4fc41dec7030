package io.chathistorybridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.api.ApiFailureClassifier;
import io.chathistorybridge.api.ApiRetryPolicy;
import io.chathistorybridge.api.ApiRetryPreparer;
import io.chathistorybridge.attachments.AttachmentMode;
import io.chathistorybridge.cluster.BridgeRole;
import io.chathistorybridge.cluster.ClusterServices;
import io.chathistorybridge.config.Settings;
import io.chathistorybridge.pace.Pacer;
import io.chathistorybridge.pace.PacerSettings;
import io.chathistorybridge.store.StoreDataSource;
import io.chathistorybridge.token.AppToken;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.spi.RoutePolicy;


/**
 * The shared beans: tokens, JSON, the database, the leader, the API's error handling, the attachment mode and the
 * chatfiles pacers. Each
 * feature's own beans are in its package's configuration (camel.main.configuration-classes lists the order).
 */
public class BridgeConfiguration implements CamelConfiguration {

    /**
     * The database's pool closes with the context, after the store (bound and added by ImportConfiguration); the
     * cluster service is added before the routes start: the leader's route policy finds it among the services.
     */
    @Override
    public void configure(CamelContext camelContext) throws Exception {
        DataSource database = camelContext.getRegistry().lookupByNameAndType("bridgeDataSource", DataSource.class);
        if (database != null) {
            camelContext.addService(StoreDataSource.closer(database), true, true);
        }
        CamelClusterService cluster = ClusterServices.create(camelContext.getPropertiesComponent());
        if (cluster != null) {
            camelContext.addService(cluster, true, false);
        }
    }

    /** Leader or standby: the export triggers and the inbox run on the leader only (bridge.cluster.service). */
    @BindToRegistry
    public BridgeRole bridgeRole(@PropertyInject("bridge.cluster.service") String service)
            throws Exception {
        return BridgeRole.of(!"none".equals(service.trim()));
    }

    /** The route policy of the leader's routes (routePolicy: bridgeLeader). */
    @BindToRegistry
    public RoutePolicy bridgeLeader(BridgeRole bridgeRole) {
        return bridgeRole.policy();
    }

    /** One JSON mapper for the whole bridge (Camel's json data format picks it up too). */
    @BindToRegistry
    public ObjectMapper jsonMapper() {
        return new ObjectMapper();
    }

    /** HTTP client for token requests (the routes' own calls go through camel-http). */
    @BindToRegistry
    public HttpClient tokenHttpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).build();
    }

    /** App token of the source app, shared by every route that calls it. */
    @BindToRegistry
    public synchronized AppToken sourceToken(CamelContext camelContext, HttpClient tokenHttpClient,
                                             ObjectMapper jsonMapper) {
        // created once: Camel calls a bean method again to resolve another configuration's parameter, and a second
        // token per app would ask for tokens twice as often
        if (sourceToken == null) {
            sourceToken = appToken(camelContext, "source", tokenHttpClient, jsonMapper);
        }
        return sourceToken;
    }

    /** App token of the target app, shared by every route that calls it. */
    @BindToRegistry
    public synchronized AppToken targetToken(CamelContext camelContext, HttpClient tokenHttpClient,
                                             ObjectMapper jsonMapper) {
        if (targetToken == null) {
            targetToken = appToken(camelContext, "target", tokenHttpClient, jsonMapper);
        }
        return targetToken;
    }

    private AppToken sourceToken;
    private AppToken targetToken;

    /** The token of the app in bridge.{side}.*, asked for at most once per bridge.token.min-interval-seconds. */
    private static AppToken appToken(CamelContext camelContext, String side, HttpClient tokenHttpClient,
                                     ObjectMapper jsonMapper) {
        String app = "bridge." + side + ".";
        java.util.function.UnaryOperator<String> of = key -> Settings.required(camelContext, app + key);
        Duration minInterval = Duration.ofSeconds(
                Integer.parseInt(Settings.required(camelContext, "bridge.token.min-interval-seconds").trim()));
        return new AppToken(of.apply("base-url"), of.apply("org"), of.apply("app"), of.apply("client-id"),
                of.apply("client-secret"), minInterval, tokenHttpClient, jsonMapper, Clock.systemUTC());
    }

    /** The bridge's database (imported-message store, hour states): H2 under the data dir unless a JDBC URL is set. */
    private DataSource bridgeDataSource;

    /** Created once: Camel calls a bean method again to resolve another bean's parameter, and a pool must be one. */
    @BindToRegistry
    public synchronized DataSource bridgeDataSource(@PropertyInject("bridge.store.jdbc-url") String url,
                                       @PropertyInject("bridge.store.user") String user,
                                       @PropertyInject("bridge.store.password") String password,
                                       @PropertyInject("bridge.data-dir") String dataDir) {
        if (bridgeDataSource == null) {
            bridgeDataSource = StoreDataSource.create(url, user, password, Path.of(dataDir));
        }
        return bridgeDataSource;
    }

    /** Decides which failed API calls are retried (api-errors routeConfiguration). */
    @BindToRegistry
    public ApiRetryPolicy apiRetryPolicy() {
        return new ApiRetryPolicy();
    }

    /** Re-paces and re-tokens a call before it is retried (api-errors routeConfiguration). */
    @BindToRegistry
    public ApiRetryPreparer apiRetryPreparer() {
        return new ApiRetryPreparer();
    }

    /** Records the classified failure once retries are over (api-errors routeConfiguration). */
    @BindToRegistry
    public ApiFailureClassifier apiFailureClassifier() {
        return new ApiFailureClassifier();
    }

    // ---- attachments

    private AttachmentMode attachmentMode;

    /** bridge.import.attachments (copy, link, server); the old bridge.import.need-download still decides when set. */
    @BindToRegistry
    public synchronized AttachmentMode attachmentMode(
            @PropertyInject("bridge.import.attachments") String attachments,
            CamelContext camelContext) {
        if (attachmentMode == null) {
            // an empty default is no default for @PropertyInject: the old key is looked up, it is usually unset
            String needDownload = camelContext.getPropertiesComponent()
                    .resolveProperty(AttachmentMode.LEGACY_KEY).orElse("");
            attachmentMode = AttachmentMode.resolve(attachments, needDownload);
            String deprecation = AttachmentMode.deprecation(needDownload, attachmentMode);
            if (deprecation != null) {
                org.slf4j.LoggerFactory.getLogger(AttachmentMode.class).warn(deprecation);
            }
        }
        return attachmentMode;
    }

    private Pacer chatfileDownloadPacer;
    private Pacer chatfileUploadPacer;

    /** Paces downloads from the source app (documented limit: 100/s per App Key). */
    @BindToRegistry
    public synchronized Pacer chatfileDownloadPacer(CamelContext camelContext) {
        // created once: Camel calls a bean method again to resolve another configuration's parameter
        if (chatfileDownloadPacer == null) {
            chatfileDownloadPacer = PacerSettings.perSecond(camelContext, "chatfiles-download",
                    "bridge.attachments.rate-per-second");
        }
        return chatfileDownloadPacer;
    }

    /** Paces uploads into the target app (documented limit: 100/s per App Key). */
    @BindToRegistry
    public synchronized Pacer chatfileUploadPacer(CamelContext camelContext) {
        if (chatfileUploadPacer == null) {
            chatfileUploadPacer = PacerSettings.perSecond(camelContext, "chatfiles-upload",
                    "bridge.attachments.rate-per-second");
        }
        return chatfileUploadPacer;
    }
}
