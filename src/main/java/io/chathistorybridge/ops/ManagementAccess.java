package io.chathistorybridge.ops;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Who may read the status page and /observe/bridge. Bound to loopback, everyone on this machine may; bound beyond
 * it, only a request with the basic-auth user and password of bridge.management.user / BRIDGE_MANAGEMENT_PASSWORD
 * (or anyone when bridge.management.open=true says so). Sets {@link #PROPERTY} to an {@link Access}.
 */
public final class ManagementAccess implements Processor {

    /** The exchange property the status routes branch on. */
    public static final String PROPERTY = "managementAccess";

    /** The outcome for one request. */
    public enum Access { GRANTED, REFUSED }

    private final boolean protect;
    private final byte[] expected;

    public ManagementAccess(String host, String user, String password, boolean open) {
        this.protect = !open && !isLoopback(host);
        this.expected = ("Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
    }

    /** True for 127.x, ::1 and localhost: only this machine can connect. */
    public static boolean isLoopback(String host) {
        String h = host == null ? "" : host.trim();
        if (h.isEmpty() || h.equals("0.0.0.0") || h.equals("::") || h.equals("[::]")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(PROPERTY, access(exchange.getIn().getHeader("Authorization", String.class)));
        exchange.getIn().removeHeader("Authorization"); // never passed on, never logged
    }

    Access access(String authorization) {
        if (!protect) {
            return Access.GRANTED;
        }
        byte[] given = authorization == null ? new byte[0] : authorization.trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected) ? Access.GRANTED : Access.REFUSED;
    }
}
