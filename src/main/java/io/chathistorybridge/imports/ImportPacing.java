package io.chathistorybridge.imports;

import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.chathistorybridge.pace.Pacer;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpStatus;

/**
 * Paces every attempt of an import call by its endpoint's {@link Pacer}, inside the HTTP client: after the
 * connection is leased and connected, right before the request is written, so no lease or connect time lies
 * between the permit and the server's count. The call ends when the answer's head arrives or the connection
 * fails, which feeds the pacer's window guard; a 429 also slows the pacer. Retries pass here again.
 */
public final class ImportPacing implements HttpClientConfigurer {

    // /{org}/{app}/messages/{endpoint}/import
    private static final Pattern ENDPOINT = Pattern.compile("/messages/([^/]+)/import$");

    private final Map<String, Pacer> pacers;

    /** @param pacers by endpoint name: users, chatgroups */
    public ImportPacing(Map<String, Pacer> pacers) {
        this.pacers = Map.copyOf(pacers);
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), "import-pacing", this::paced);
    }

    private ClassicHttpResponse paced(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        Pacer pacer = pacerFor(request.getPath());
        Pacer.Call call = pacer.begin();
        ClassicHttpResponse response;
        try {
            response = chain.proceed(request, scope);
        } catch (IOException | HttpException | RuntimeException e) {
            call.failed();
            throw e;
        }
        call.answered();
        if (response.getCode() == HttpStatus.SC_TOO_MANY_REQUESTS) {
            pacer.throttled();
        }
        return response;
    }

    /** The pacer of the endpoint a request goes to; an unknown endpoint is a wiring error, not a call to let by. */
    Pacer pacerFor(String path) {
        String withoutQuery = path == null ? "" : path.split("\\?", 2)[0];
        Matcher m = ENDPOINT.matcher(withoutQuery);
        Pacer pacer = m.find() ? pacers.get(m.group(1)) : null;
        if (pacer == null) {
            throw new IllegalArgumentException("no import pacer for " + withoutQuery);
        }
        return pacer;
    }

    /** Wraps one chain step, for tests: the same pacing as inside the client. */
    ExecChainHandler handler() {
        return this::paced;
    }
}
