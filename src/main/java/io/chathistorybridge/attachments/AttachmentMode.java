package io.chathistorybridge.attachments;

import java.util.Locale;

/**
 * {@code bridge.import.attachments}: what the import does with a message's files.
 * <ul>
 *   <li>{@link #COPY}: each source file is downloaded and uploaded into the target app, the body points at the copy;</li>
 *   <li>{@link #LINK}: the body keeps the source url (the file dies with the source app's retention);</li>
 *   <li>{@link #SERVER}: {@code need_download=true}, the target server fetches the url itself (public files only).</li>
 * </ul>
 * It replaces {@code bridge.import.need-download}: when that old key is set, it still decides (true: server,
 * false: link), with one deprecation line at start.
 */
public enum AttachmentMode {
    COPY, LINK, SERVER;

    /** The old key, still read. */
    public static final String LEGACY_KEY = "bridge.import.need-download";
    public static final String KEY = "bridge.import.attachments";

    /** @throws IllegalArgumentException naming the values */
    public static AttachmentMode parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (AttachmentMode m : values()) {
            if (m.name().toLowerCase(Locale.ROOT).equals(v)) {
                return m;
            }
        }
        throw new IllegalArgumentException(KEY + ": '" + value + "' is not copy, link or server");
    }

    /** The mode from both keys: the old one, when set, decides. */
    public static AttachmentMode resolve(String attachments, String legacyNeedDownload) {
        String legacy = legacyNeedDownload == null ? "" : legacyNeedDownload.trim();
        if (legacy.equalsIgnoreCase("true")) {
            return SERVER;
        }
        if (legacy.equalsIgnoreCase("false")) {
            return LINK;
        }
        return parse(attachments);
    }

    /** The deprecation line when the old key is set, else null. */
    public static String deprecation(String legacyNeedDownload, AttachmentMode resolved) {
        if (legacyNeedDownload == null || legacyNeedDownload.isBlank()) {
            return null;
        }
        return LEGACY_KEY + " is deprecated and will be removed: it still decides here (" + LEGACY_KEY + "="
                + legacyNeedDownload.trim() + " means " + KEY + "=" + resolved.name().toLowerCase(Locale.ROOT)
                + "); set " + KEY + " instead";
    }

    /** The import request's need_download. */
    public boolean needDownload() {
        return this == SERVER;
    }
}
