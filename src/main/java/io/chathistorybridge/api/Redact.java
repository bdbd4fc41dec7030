package io.chathistorybridge.api;

import java.util.regex.Pattern;

/**
 * Keeps signed query strings (download URLs carry a Signature), bearer tokens, passwords and share-secrets (a file's
 * credential: a {@code share-secret} header or parameter, a body's {@code secret} or {@code thumb_secret}) out of logs.
 */
public final class Redact {

    private static final Pattern QUERY = Pattern.compile("(https?://[^\\s?\"']+)\\?[^\\s\"']*");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._\\-+/=]+");
    /** A password in a JDBC URL, as a query parameter (PostgreSQL) or a ;-separated one (H2). */
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^;&]*");
    private static final Pattern SHARE_SECRET = Pattern.compile("(?i)(share-secret[\"']?\\s*[:=]\\s*[\"']?)[A-Za-z0-9._\\-+/=]+");
    private static final Pattern BODY_SECRET = Pattern.compile("(\"(?:thumb_)?secret\"\\s*:\\s*\")[^\"]+");

    private Redact() {
    }

    public static String urls(String text) {
        if (text == null) {
            return null;
        }
        String noQuery = QUERY.matcher(text).replaceAll("$1?…");
        String noToken = BEARER.matcher(noQuery).replaceAll("$1…");
        return BODY_SECRET.matcher(SHARE_SECRET.matcher(noToken).replaceAll("$1…")).replaceAll("$1…");
    }

    /** The JDBC URL with its password, if it holds one, masked. */
    public static String password(String jdbcUrl) {
        return PASSWORD.matcher(jdbcUrl).replaceAll("$1…");
    }
}
