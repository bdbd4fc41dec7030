package io.chathistorybridge.imports;

import java.nio.file.Path;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.attachments.AttachmentCopy;
import io.chathistorybridge.attachments.AttachmentMode;
import io.chathistorybridge.cluster.BridgeRole;
import io.chathistorybridge.config.EnumNames;
import io.chathistorybridge.ops.BridgeMetrics;
import io.chathistorybridge.pace.Pacer;
import io.chathistorybridge.pace.PacerSettings;
import io.chathistorybridge.store.ImportedMessages;
import io.chathistorybridge.store.StoreDataSource;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/** The beans of routes/import.camel.yaml (the attachment copy is bound with the attachments). */
public class ImportConfiguration implements CamelConfiguration {

    /** The one store of imported msg_ids: the lookup and the remembering below share its group commit. */
    private ImportedMessages importedMessages;

    /**
     * The store stops with the context, after the routes: a graceful stop moves its key journal to the table (a
     * registry bean is not stopped by itself). The lanes' workers live as long as the context: a route reload holds
     * and releases them, never restarts them.
     */
    @Override
    public void configure(CamelContext camelContext) throws Exception {
        // the outcomes import.camel.yaml branches on by name
        EnumNames.register(camelContext, ImportRequestBuilder.Outcome.Kind.class, AttachmentCopy.Outcome.class,
                ImportAnswer.Kind.class, ImportFinish.End.class);
        if (importedMessages != null) {
            camelContext.addService(importedMessages, true, false);
        }
        ConversationLanes lanes = camelContext.getRegistry().lookupByNameAndType("conversationLanes",
                ConversationLanes.class);
        if (lanes != null) {
            camelContext.addService(lanes.lifecycle(), true, false);
        }
    }

    /** Source msg_ids already imported into the target app (exactly once across restarts and re-drops). */
    @BindToRegistry
    public synchronized ImportedMessages importedMessages(DataSource bridgeDataSource,
                                             @PropertyInject("bridge.target.org") String org,
                                             @PropertyInject("bridge.target.app") String app,
                                             @PropertyInject("bridge.data-dir") String dataDir) {
        // created once: Camel calls a bean method again to resolve another bean's parameter
        if (importedMessages == null) {
            // the embedded store's journal of keys not yet in the table stays local, next to the H2 file; the shared
            // store (PostgreSQL) has none: its keys go straight to the table, where every bridge sees them
            importedMessages = new ImportedMessages(bridgeDataSource, org + "#" + app,
                    StoreDataSource.shared(bridgeDataSource) ? null
                            : Path.of(dataDir).resolve("state").resolve("imported-keys"));
        }
        return importedMessages;
    }

    /** Whether a message was imported before (a lookup in the store). */
    @BindToRegistry
    public ImportedBefore importedBefore(DataSource bridgeDataSource,
                                         @PropertyInject("bridge.target.org") String org,
                                         @PropertyInject("bridge.target.app") String app,
                                         @PropertyInject("bridge.data-dir") String dataDir) {
        return new ImportedBefore(importedMessages(bridgeDataSource, org, app, dataDir));
    }

    /** Remembers an imported message in the store (group commit); its conversation goes on once it is on disk. */
    @BindToRegistry
    public RememberImported rememberImported(DataSource bridgeDataSource,
                                             @PropertyInject("bridge.target.org") String org,
                                             @PropertyInject("bridge.target.app") String app,
                                             @PropertyInject("bridge.data-dir") String dataDir) {
        return new RememberImported(importedMessages(bridgeDataSource, org, app, dataDir));
    }

    /** The file being imported and totals (progress lines, status, metrics). */
    @BindToRegistry
    public ImportRuns importRuns(@PropertyInject("bridge.data-dir") String dataDir,
                                 @PropertyInject("bridge.import.inbox") String inbox,
                                 @PropertyInject("bridge.import.dry-run") boolean dryRun,
                                 @PropertyInject("bridge.import.in-progress-names") String inProgressNames,
                                 @PropertyInject("bridge.import.look-ahead-lines") int lookAheadLines) {
        return new ImportRuns(Path.of(dataDir, "reports"), Path.of(inbox), dryRun, inProgressNames, lookAheadLines);
    }

    /** Opens a picked-up file's run and picks its archive name. */
    @BindToRegistry
    public ImportFileStart importFileStart(ImportRuns importRuns, @PropertyInject("bridge.data-dir") String dataDir) {
        return new ImportFileStart(importRuns, Path.of(dataDir));
    }

    /** The ordering pass: every line indexed, handed on in import order. */
    @BindToRegistry
    public ImportFileIndexer importFileIndexer(ObjectMapper jsonMapper,
                                               @PropertyInject("bridge.data-dir") String dataDir) {
        return new ImportFileIndexer(jsonMapper, Path.of(dataDir, "work"));
    }

    /** Sends a file that cannot be read to failed/ with the reason. */
    @BindToRegistry
    public UnreadableFile unreadableFile(@PropertyInject("bridge.data-dir") String dataDir, ImportRuns importRuns) {
        return new UnreadableFile(Path.of(dataDir, "failed"), importRuns);
    }

    /** Paces 1:1 imports: each import endpoint has its own limit. */
    @BindToRegistry
    public Pacer usersImportPacer(CamelContext camelContext) {
        return PacerSettings.perSecond(camelContext, "users-import", "bridge.import.rate-per-second");
    }

    /** Paces group imports. */
    @BindToRegistry
    public Pacer chatgroupsImportPacer(CamelContext camelContext) {
        return PacerSettings.perSecond(camelContext, "chatgroups-import", "bridge.import.rate-per-second");
    }

    /** Paces each users/import call inside the HTTP client (httpClientConfigurer of its endpoint in import-post). */
    @BindToRegistry
    public ImportPacing usersImportPacing(@BeanInject("usersImportPacer") Pacer pacer) {
        return new ImportPacing(pacer);
    }

    /** Paces each chatgroups/import call inside the HTTP client, as {@link #usersImportPacing}. */
    @BindToRegistry
    public ImportPacing chatgroupsImportPacing(@BeanInject("chatgroupsImportPacer") Pacer pacer) {
        return new ImportPacing(pacer);
    }

    /**
     * One conversation after another message by message, many conversations at once: per endpoint as many as its
     * pacer's observed round trips need (Pacer.concurrency), at most max-in-flight.
     */
    @BindToRegistry
    public ConversationLanes conversationLanes(
            @PropertyInject("bridge.import.max-in-flight") int maxInFlight,
            @BeanInject("usersImportPacer") Pacer users, @BeanInject("chatgroupsImportPacer") Pacer chatgroups,
            BridgeRole bridgeRole) {
        // messages waiting in the lanes: 16,384 at the default ceiling (about 0.5 KB each, WaitingMessage); fewer
        // hold the reader back behind a long conversation, so the next files' conversations start late
        ConversationLanes lanes = new ConversationLanes(maxInFlight, Math.max(16000, maxInFlight * 256),
                () -> users.concurrency(maxInFlight), () -> chatgroups.concurrency(maxInFlight));
        lanes.setLeading(bridgeRole::isLeader);
        return lanes;
    }

    /** History record (or import-shape line) to import request. */
    @BindToRegistry
    public ImportLineMapper importLineMapper(ObjectMapper jsonMapper,
            @PropertyInject("bridge.import.user-map") String userMap,
            @PropertyInject("bridge.import.group-map") String groupMap,
            @PropertyInject("bridge.import.is-ack-read") String isAckRead,
            AttachmentMode attachmentMode) {
        return new ImportLineMapper(new ImportRequestBuilder(jsonMapper, IdMaps.load(userMap, groupMap),
                attachmentMode.needDownload(),
                isAckRead.isBlank() ? null : Boolean.valueOf(isAckRead.trim())));
    }

    /** What one import call came to: imported (with its new msg_id), landed before, retry later, refused. */
    @BindToRegistry
    public ImportAnswer importAnswer(ObjectMapper jsonMapper) {
        return new ImportAnswer(jsonMapper);
    }

    /** Counts what became of each message. */
    @BindToRegistry
    public MessageOutcomes messageOutcomes(ObjectMapper jsonMapper, BridgeMetrics bridgeMetrics,
                                           @PropertyInject("bridge.data-dir") String dataDir) {
        return new MessageOutcomes(jsonMapper, bridgeMetrics, Path.of(dataDir));
    }

    /** The dead-letter line of a failed or invalid message. */
    @BindToRegistry
    public DeadLetterEntry deadLetterEntry(ObjectMapper jsonMapper, BridgeMetrics bridgeMetrics) {
        return new DeadLetterEntry(jsonMapper, bridgeMetrics);
    }

    /** Holds the inbox after a file paused, for longer after each pause in a row. */
    @BindToRegistry
    public PausedFileHold pausedFileHold() {
        return new PausedFileHold();
    }

    /** The inbox's filter: the next file while no file paused and the look-ahead has room. */
    @BindToRegistry
    public InboxGate inboxGate(PausedFileHold pausedFileHold, ImportRuns importRuns) {
        return new InboxGate(pausedFileHold, importRuns);
    }

    /** Waits for a file's messages without holding the inbox. */
    @BindToRegistry
    public ImportDrain importDrain(CamelContext camelContext) {
        return new ImportDrain(camelContext);
    }

    /** Closes a file's run: its report, or "stopped, continue later". */
    @BindToRegistry
    public ImportFinish importFinish(ImportRuns importRuns, PausedFileHold pausedFileHold) {
        return new ImportFinish(importRuns, pausedFileHold);
    }
}
