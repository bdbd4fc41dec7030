package io.chathistorybridge.imports;

import java.io.IOException;

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
 * Paces every attempt of one import endpoint's calls by its {@link Pacer}, inside that endpoint's HTTP client:
 * after the connection is leased and connected, right before the request is written, so no lease or connect time
 * lies between the permit and the server's count. The call ends when the answer's head arrives or the connection
 * fails, which feeds the pacer's window guard; a 429 also slows the pacer. Retries pass here again.
 */
public final class ImportPacing implements HttpClientConfigurer {

    private final Pacer pacer;

    /** @param pacer the pacer of the one import endpoint whose HTTP client this configures */
    public ImportPacing(Pacer pacer) {
        this.pacer = pacer;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), "import-pacing", this::paced);
    }

    private ClassicHttpResponse paced(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
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

    /** Wraps one chain step, for tests: the same pacing as inside the client. */
    ExecChainHandler handler() {
        return this::paced;
    }
}
