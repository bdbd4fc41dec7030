package io.chathistorybridge.imports;

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.Exchange;

/**
 * Per file being imported, the copy of its first part that its waiting messages are kept against
 * ({@link WaitingMessage}), until the file's last message finished.
 */
final class FilePrototypes {

    private final Map<ImportRun, Exchange> prototypes = new HashMap<>();

    /** The prototype of the part's file (a part of no file: a copy of itself). */
    Exchange of(Exchange part, ImportRun run) {
        if (run == null) {
            return WaitingMessage.prototypeOf(part);
        }
        synchronized (prototypes) {
            Exchange prototype = prototypes.get(run);
            if (prototype == null) {
                prototype = WaitingMessage.prototypeOf(part);
                prototypes.put(run, prototype);
                run.inLanes().done().thenRun(() -> {
                    synchronized (prototypes) {
                        prototypes.remove(run);
                    }
                });
            }
            return prototype;
        }
    }

    /** Files whose prototype is kept. */
    int size() {
        synchronized (prototypes) {
            return prototypes.size();
        }
    }
}
