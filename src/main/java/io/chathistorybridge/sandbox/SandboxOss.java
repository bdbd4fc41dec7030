package io.chathistorybridge.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;

/**
 * The object storage behind the history download URLs: it signs them, and serves
 * {@code GET /history/3D/{org}/{app}/{yyyyMMddHH}.gz?Expires=…&OSSAccessKeyId=sandbox&Signature=…} (no token) with the
 * storage's own refusals (bad signature, expired, no such key).
 */
final class SandboxOss {

    private static final System.Logger LOG = System.getLogger(SandboxOss.class.getName());
    private static final String BUCKET = "/sandbox-history";

    private final EasemobSandbox sandbox;
    private final String baseUrl;
    private final byte[] signingKey = new byte[32];

    SandboxOss(EasemobSandbox sandbox, String baseUrl) {
        this.sandbox = sandbox;
        this.baseUrl = baseUrl;
        new SecureRandom().nextBytes(signingKey);
    }

    /** A signed download URL of an hour's history file, as the API returns them. */
    String signedUrl(String org, String app, String hour, long expiresEpochSec) {
        String path = "/history/3D/" + SandboxUrls.encodeSegment(org) + "/" + SandboxUrls.encodeSegment(app) + "/" + hour + ".gz";
        String sig = sign(org, app, hour, expiresEpochSec);
        return baseUrl + path + "?Expires=" + expiresEpochSec + "&OSSAccessKeyId=sandbox&Signature="
                + URLEncoder.encode(sig, StandardCharsets.UTF_8);
    }

    private String sign(String org, String app, String hour, long expires) {
        String toSign = "GET\n\n\n" + expires + "\n" + BUCKET + "/history/3D/" + org + "/" + app + "/" + hour + ".gz";
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Streams the hour's file when the URL's signature holds and it has not expired. */
    Resp download(HttpExchange ex, String org, String appName, String file) throws IOException {
        if (!"GET".equals(ex.getRequestMethod())) {
            return Errors.methodNotAllowed();
        }
        SandboxApp app = sandbox.findApp(org + "#" + appName);
        if (app == null || !file.endsWith(".gz")) {
            return Errors.ossNoSuchKey();
        }
        String hour = file.substring(0, file.length() - 3);
        if (sandbox.faults().faultsOnHistory()) {
            if (sandbox.faults().rollDrop()) {
                return Resp.DROP;
            }
            sandbox.faults().sleepLatency();
            if (sandbox.faults().roll503()) {
                return Errors.ossUnavailable();
            }
        }
        Map<String, String> q = SandboxUrls.query(ex.getRequestURI().getRawQuery());
        String expiresParam = q.get("Expires");
        String sig = q.get("Signature");
        if (expiresParam == null || sig == null || q.get("OSSAccessKeyId") == null) {
            return Errors.ossAccessDenied("You have no right to access this object because of bucket acl.");
        }
        long expires;
        try {
            expires = Long.parseLong(expiresParam);
        } catch (NumberFormatException e) {
            return Errors.ossAccessDenied("Invalid argument: Expires " + expiresParam);
        }
        byte[] expected = sign(org, appName, hour, expires).getBytes(StandardCharsets.UTF_8);
        if (!"sandbox".equals(q.get("OSSAccessKeyId"))
                || !MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.UTF_8))) {
            return Errors.ossBadSignature();
        }
        long nowMs = System.currentTimeMillis();
        if (nowMs > expires * 1000) {
            return Errors.ossExpired(expires, nowMs);
        }
        Path p = app.historyFile(hour);
        if (p == null || !Files.isRegularFile(p)) {
            return Errors.ossNoSuchKey();
        }
        try (InputStream in = Files.newInputStream(p)) {
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + hour + ".gz\"");
            ex.sendResponseHeaders(200, 0); // chunked: the file is streamed, never loaded
            app.countDownload();
            try (OutputStream out = ex.getResponseBody()) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "download of " + file + " aborted: " + e);
        }
        return null;
    }
}
