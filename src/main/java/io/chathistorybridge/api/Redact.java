package io.chathistorybridge.api;

import java.util.regex.Pattern;

/** Keeps signed query strings (download URLs carry a Signature) and bearer tokens out of logs. */
public final class Redact {

    private static final Pattern QUERY = Pattern.compile("(https?://[^\\s?\"']+)\\?[^\\s\"']*");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._\\-+/=]+");

    private Redact() {
    }

    public static String urls(String text) {
        if (text == null) {
            return null;
        }
        String noQuery = QUERY.matcher(text).replaceAll("$1?…");
        return BEARER.matcher(noQuery).replaceAll("$1…");
    }
}
