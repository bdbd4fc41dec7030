package io.chathistorybridge;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.api.ApiFailureRecorder;
import io.chathistorybridge.api.ApiRetryPolicy;
import io.chathistorybridge.api.ApiRetryPreparer;
import io.chathistorybridge.store.StoreDataSource;
import io.chathistorybridge.token.AppToken;
import javax.sql.DataSource;
import java.nio.file.Path;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/** Every bean the routes use, bound from the settings in one place. */
public class BridgeConfiguration implements CamelConfiguration {

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
    public AppToken sourceToken(@PropertyInject("bridge.source.base-url") String baseUrl,
                                @PropertyInject(value = "bridge.source.org", defaultValue = "") String org,
                                @PropertyInject(value = "bridge.source.app", defaultValue = "") String app,
                                @PropertyInject(value = "bridge.source.client-id", defaultValue = "") String clientId,
                                @PropertyInject(value = "bridge.source.client-secret", defaultValue = "") String secret,
                                @PropertyInject(value = "bridge.token.min-interval-seconds", defaultValue = "10") int minInterval,
                                HttpClient tokenHttpClient, ObjectMapper jsonMapper) {
        return new AppToken(baseUrl, org, app, clientId, secret, Duration.ofSeconds(minInterval),
                tokenHttpClient, jsonMapper, Clock.systemUTC());
    }

    /** App token of the target app, shared by every route that calls it. */
    @BindToRegistry
    public AppToken targetToken(@PropertyInject("bridge.target.base-url") String baseUrl,
                                @PropertyInject(value = "bridge.target.org", defaultValue = "") String org,
                                @PropertyInject(value = "bridge.target.app", defaultValue = "") String app,
                                @PropertyInject(value = "bridge.target.client-id", defaultValue = "") String clientId,
                                @PropertyInject(value = "bridge.target.client-secret", defaultValue = "") String secret,
                                @PropertyInject(value = "bridge.token.min-interval-seconds", defaultValue = "10") int minInterval,
                                HttpClient tokenHttpClient, ObjectMapper jsonMapper) {
        return new AppToken(baseUrl, org, app, clientId, secret, Duration.ofSeconds(minInterval),
                tokenHttpClient, jsonMapper, Clock.systemUTC());
    }

    /** The bridge's database (imported-message store, hour states): H2 under the data dir unless a JDBC URL is set. */
    @BindToRegistry
    public DataSource bridgeDataSource(@PropertyInject(value = "bridge.store.jdbc-url", defaultValue = "") String url,
                                       @PropertyInject(value = "bridge.store.user", defaultValue = "sa") String user,
                                       @PropertyInject(value = "bridge.store.password", defaultValue = "") String password,
                                       @PropertyInject("bridge.data-dir") String dataDir) {
        return StoreDataSource.create(url, user, password, Path.of(dataDir));
    }

    /** Decides which failed API calls are retried (api-errors routeConfiguration). */
    @BindToRegistry
    public ApiRetryPolicy apiRetryPolicy(
            @PropertyInject(value = "bridge.import.max-attempts", defaultValue = "8") int maxAttempts) {
        return new ApiRetryPolicy(maxAttempts);
    }

    /** Re-paces and re-tokens a call before it is retried (api-errors routeConfiguration). */
    @BindToRegistry
    public ApiRetryPreparer apiRetryPreparer() {
        return new ApiRetryPreparer();
    }

    /** Records the classified failure once retries are over (api-errors routeConfiguration). */
    @BindToRegistry
    public ApiFailureRecorder apiFailureRecorder() {
        return new ApiFailureRecorder();
    }
}
