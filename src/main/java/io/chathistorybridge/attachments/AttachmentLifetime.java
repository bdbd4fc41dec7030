package io.chathistorybridge.attachments;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bridge.attachments.lifetime: {@code default} does nothing (the copies follow the target app's retention);
 * {@code forever} or {@code refresh} asks the target app's retention API to keep each new copy (attachments.md §3):
 * {@code PUT {target}/users/{sender}/chatfiles/lifetime}, the copied message's sender as the user, at most 100
 * files per call, the app token (the docs' example uses a user token: UNCONFIRMED whether a real server takes the
 * app's). Copies wait per sender; a sender's 100 are sent at once on this class's own thread, the rest at the end of
 * each file's try ({@link #flush}). A 403 {@code forbidden_op} (the target app has no extended file storage) gives
 * one WARN and no further calls until the bridge restarts; other failures are retried like the copies, then one WARN
 * per call. The import never waits for these calls, nor pauses because of them.
 */
public final class AttachmentLifetime implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(AttachmentLifetime.class);
    private static final int MAX_IDS = 100;

    private final String lifetime;
    private final ChatfileApi api;
    private final AttachmentCopier retries;
    private final Map<String, List<String>> waiting = new HashMap<>();
    private final AtomicBoolean refused = new AtomicBoolean();
    private final AtomicLong set = new AtomicLong();
    private final AtomicLong notSet = new AtomicLong();
    private CamelContext camelContext;
    private ExecutorService sender;

    /** @param lifetime default, forever or refresh (checked at start) */
    public AttachmentLifetime(String lifetime, ChatfileApi api, AttachmentCopier retries) {
        this.lifetime = lifetime == null ? "default" : lifetime.trim();
        this.api = api;
        this.retries = retries;
    }

    public boolean active() {
        return !lifetime.equals("default");
    }

    /** A file newly copied for a message of {@code username}. */
    void add(String username, String copyUrl) {
        if (!active() || refused.get() || username == null || username.isEmpty()) {
            return;
        }
        String uuid = copyUrl.substring(copyUrl.lastIndexOf('/') + 1);
        List<String> full = null;
        synchronized (waiting) {
            List<String> mine = waiting.computeIfAbsent(username, u -> new ArrayList<>());
            mine.add(uuid);
            if (mine.size() == MAX_IDS) {
                full = List.copyOf(mine);
                waiting.remove(username);
            }
        }
        if (full != null) {
            List<String> batch = full;
            sender().execute(() -> send(username, batch));
        }
    }

    /** At the end of a file's try: sends what waits and returns once every call of the file is done. */
    public void flush() throws InterruptedException {
        if (!active()) {
            return;
        }
        Map<String, List<String>> rest;
        synchronized (waiting) {
            rest = new HashMap<>(waiting);
            waiting.clear();
        }
        rest.forEach((username, uuids) -> sender().execute(() -> send(username, uuids)));
        try {
            sender().submit(() -> { }).get(); // the calls before it are done
        } catch (ExecutionException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    /** Copies whose lifetime was set; not set (refused, failed, or a 403: no extended storage). */
    public long set() {
        return set.get();
    }

    public long notSet() {
        return notSet.get();
    }

    private void send(String username, List<String> uuids) {
        if (refused.get()) {
            notSet.addAndGet(uuids.size());
            return;
        }
        ChatfileAnswer answer;
        try {
            answer = retries.attempts(() -> api.lifetime(username, uuids, lifetime)).answer();
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            notSet.addAndGet(uuids.size());
            return;
        } catch (java.io.IOException cannotHappen) {
            answer = ChatfileAnswer.noAnswer(cannotHappen);
        }
        if (answer.ok()) {
            set.addAndGet(answer.bytes());
            notSet.addAndGet(uuids.size() - answer.bytes());
            return;
        }
        notSet.addAndGet(uuids.size());
        if (answer.status() == 403 && "forbidden_op".equals(answer.error())) {
            if (refused.compareAndSet(false, true)) {
                LOG.warn("bridge.attachments.lifetime={}: the target app refused it (403 forbidden_op: its extended"
                        + " file storage is not enabled), so the copies keep the app's default retention; no more"
                        + " lifetime calls until the bridge restarts", lifetime);
            }
            return;
        }
        LOG.warn("Could not set the lifetime of {} copies of {}'s files ({}): they keep the target app's default"
                + " retention", uuids.size(), username, answer.summary());
    }

    private synchronized ExecutorService sender() {
        if (sender == null) {
            // Camel's manager shuts it down with the context
            sender = camelContext.getExecutorServiceManager().newSingleThreadExecutor(this, "attachment-lifetime");
        }
        return sender;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
