package io.chathistorybridge.attachments;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.pace.Pacer;
import io.chathistorybridge.store.AttachmentCopies;
import io.chathistorybridge.store.ImportedMessages;
import io.chathistorybridge.token.AppToken;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/**
 * The attachments' beans (bridge.import.attachments=copy): the copies started when the reader hands a message to its
 * lane ({@code attachmentCopyAhead}), the step that points a message at its copies before it is posted
 * ({@code attachmentCopy}), the retention asked for the copies ({@code attachmentLifetime}) and the totals. After ImportConfiguration: they use the store of imported messages.
 */
public class AttachmentConfiguration implements CamelConfiguration {

    private final AttachmentCounts attachmentCounts = new AttachmentCounts();
    private CopyAhead copyAhead;
    private AttachmentLifetime lifetime;

    /** Starts the copies of a message's files when the reader hands it to its lane (import-files' split). */
    @BindToRegistry
    public synchronized CopyAhead attachmentCopyAhead(AttachmentMode attachmentMode, DataSource bridgeDataSource,
            ObjectMapper jsonMapper, @BeanInject("sourceToken") AppToken sourceToken,
            @BeanInject("targetToken") AppToken targetToken,
            @BeanInject("chatfileDownloadPacer") Pacer downloads, @BeanInject("chatfileUploadPacer") Pacer uploads,
            @BeanInject("importedMessages") ImportedMessages importedMessages,
            @PropertyInject("bridge.source.base-url") String sourceBase,
            @PropertyInject("bridge.source.org") String sourceOrg,
            @PropertyInject("bridge.source.app") String sourceApp,
            @PropertyInject("bridge.target.base-url") String targetBase,
            @PropertyInject("bridge.target.org") String targetOrg,
            @PropertyInject("bridge.target.app") String targetApp,
            @PropertyInject("bridge.import.max-attempts") int maxAttempts,
            @PropertyInject("bridge.import.dry-run") boolean dryRun,
            @PropertyInject("bridge.attachments.max-in-flight") int maxInFlight,
            @PropertyInject("bridge.attachments.lifetime") String lifetimeSetting,
            @PropertyInject("bridge.attachments.archive-dir") String archiveDir,
            @PropertyInject("bridge.attachments.disk-budget-mb") long diskBudgetMb,
            @PropertyInject("bridge.api.retry-delay-ms") long retryDelayMs,
            @PropertyInject("bridge.api.max-retry-delay-ms") long maxRetryDelayMs,
            @PropertyInject("camel.component.http.so-timeout") long timeoutMs,
            @PropertyInject("camel.component.http.connect-timeout") long connectMs,
            @PropertyInject("bridge.data-dir") String dataDir) {
        // created once: attachmentCopy and attachmentLifetime ask for it too
        if (copyAhead == null) {
            // its own client (not a registry bean: tokenHttpClient is the one HttpClient there), HTTP/1.1 as the
            // API speaks
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofMillis(connectMs)).build();
            ChatfileApi api = new ChatfileApi(http, jsonMapper,
                    ChatfileApi.stripSlash(sourceBase) + "/" + sourceOrg + "/" + sourceApp + "/chatfiles",
                    ChatfileApi.stripSlash(targetBase) + "/" + targetOrg + "/" + targetApp + "/chatfiles",
                    sourceToken, targetToken, downloads, uploads, Duration.ofMillis(timeoutMs));
            AttachmentCopies copies = new AttachmentCopies(bridgeDataSource, targetOrg + "#" + targetApp,
                    sourceOrg + "#" + sourceApp);
            AttachmentArchive archive = archiveDir == null || archiveDir.isBlank() || attachmentMode != AttachmentMode.COPY
                    ? null : new AttachmentArchive(Path.of(archiveDir.trim()), sourceOrg + "#" + sourceApp);
            AttachmentCopier copier = new AttachmentCopier(api, copies, Path.of(dataDir, "tmp-attachments"),
                    maxAttempts, retryDelayMs, maxRetryDelayMs, archive);
            copyAhead = new CopyAhead(attachmentMode, dryRun, new AttachmentFinder(sourceOrg, sourceApp), copier,
                    importedMessages, jsonMapper, maxInFlight, diskBudgetMb * 1024 * 1024);
            lifetime = new AttachmentLifetime(lifetimeSetting, api, copier);
        }
        return copyAhead;
    }

    /** Asks the target app to keep the new copies (bridge.attachments.lifetime); built with the copies' API. */
    @BindToRegistry
    public AttachmentLifetime attachmentLifetime(@BeanInject("attachmentCopyAhead") CopyAhead attachmentCopyAhead) {
        return lifetime;
    }

    /** Points a message at the copies of its source files before it is posted (import-message). */
    @BindToRegistry
    public AttachmentCopy attachmentCopy(AttachmentMode attachmentMode, ObjectMapper jsonMapper,
            @BeanInject("attachmentCopyAhead") CopyAhead attachmentCopyAhead) {
        return new AttachmentCopy(attachmentMode, attachmentCopyAhead, lifetime, jsonMapper, attachmentCounts);
    }

    /** Attachment totals since start (metrics, status). */
    @BindToRegistry
    public AttachmentCounts attachmentCounts() {
        return attachmentCounts;
    }
}
