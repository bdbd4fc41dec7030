package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;

import io.chathistorybridge.pace.Pacer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.junit.jupiter.api.Test;

class ImportPacingTest {

    private final Pacer users = new Pacer("users-import", 1, 60_000, 0, 1000);
    private final Pacer groups = new Pacer("chatgroups-import", 1, 60_000, 0, 1000);
    private final ImportPacing usersPacing = new ImportPacing(users);
    private final ImportPacing groupsPacing = new ImportPacing(groups);

    private static BasicClassicHttpRequest post(String endpoint) {
        return new BasicClassicHttpRequest("POST", "/org/app/messages/" + endpoint + "/import");
    }

    @Test
    void eachCallIsPacedByItsEndpointAndCountedUntilAnswered() throws Exception {
        ClassicHttpResponse ok = new BasicClassicHttpResponse(200);
        ExecChain chain = (request, scope) -> {
            assertEquals(1, groups.inFlight(), "the permit is taken before the request goes out");
            return ok;
        };
        assertSame(ok, groupsPacing.handler().execute(post("chatgroups"), null, chain));
        assertEquals(1, groups.permits());
        assertEquals(0, groups.inFlight());
        assertEquals(0, users.permits());
        // the answered call still fills this window of the group endpoint (limit 1 per minute here)
        assertEquals(1, groups.counted(System.nanoTime()));
    }

    @Test
    void a429SlowsThePacer() throws Exception {
        usersPacing.handler().execute(post("users"), null, (request, scope) -> new BasicClassicHttpResponse(429));
        assertEquals(1, users.throttles());
        assertEquals(0, users.inFlight());
    }

    @Test
    void aFailedConnectionEndsTheCallAndTheErrorGoesOn() {
        IOException dropped = new IOException("connection reset");
        IOException thrown = assertThrows(IOException.class, () -> usersPacing.handler().execute(post("users"), null,
                (request, scope) -> {
                    throw dropped;
                }));
        assertSame(dropped, thrown);
        assertEquals(0, users.inFlight());
        assertEquals(1, users.counted(System.nanoTime()), "a call without an answer may have arrived: it counts");
    }
}
