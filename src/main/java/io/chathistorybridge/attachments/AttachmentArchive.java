package io.chathistorybridge.attachments;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bridge.attachments.archive-dir: the user's own copy of every downloaded source file, whatever either app's
 * retention: {@code {dir}/{source org#app}/{uuid}}, and a line in {@code {dir}/{source org#app}/manifest.csv}
 * (uuid, filename, bytes, sha256, first msg_id) per file. A file is archived once, right after its download (before
 * the upload, so a file the target refuses is kept too); it is written under a temp name and renamed, so a crash
 * never leaves half a file under its uuid. A uuid that is not a plain file name is not archived (one WARN).
 */
public final class AttachmentArchive {

    private static final Logger LOG = LoggerFactory.getLogger(AttachmentArchive.class);
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final String HEADER = "uuid,filename,bytes,sha256,first_msg_id\n";

    private final Path dir;

    /** @param root the archive dir; {@code sourceAppKey} {@code org#app} of the source app */
    public AttachmentArchive(Path root, String sourceAppKey) {
        this.dir = root.resolve(sourceAppKey);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("bridge.attachments.archive-dir: cannot create " + dir, e);
        }
    }

    /** Keeps the downloaded file {@code downloaded} (left in place) as the archive's copy of {@code a}. */
    void keep(Attachment a, Path downloaded, String msgId) throws IOException {
        if (!PLAIN.matcher(a.uuid()).matches()) {
            LOG.warn("Not archived: the file id of a message's {} is not a plain file name", a.urlField());
            return;
        }
        Path target = dir.resolve(a.uuid());
        if (Files.exists(target)) {
            return; // archived before (a retried upload downloads again)
        }
        Path part = dir.resolve("." + a.uuid() + ".part");
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long bytes;
        try (InputStream in = new DigestInputStream(Files.newInputStream(downloaded), sha256);
             OutputStream out = Files.newOutputStream(part)) {
            bytes = in.transferTo(out);
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        String line = a.uuid() + "," + csv(a.filename()) + "," + bytes + ","
                + HexFormat.of().formatHex(sha256.digest()) + "," + csv(msgId == null ? "" : msgId) + "\n";
        synchronized (this) {
            Path manifest = dir.resolve("manifest.csv");
            if (!Files.exists(manifest)) {
                Files.writeString(manifest, HEADER, StandardCharsets.UTF_8);
            }
            Files.writeString(manifest, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
    }

    private static String csv(String v) {
        boolean quote = v.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n');
        return quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
