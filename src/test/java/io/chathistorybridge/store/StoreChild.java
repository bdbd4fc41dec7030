package io.chathistorybridge.store;

import java.nio.file.Path;

import javax.sql.DataSource;

/**
 * A bridge's store in a JVM of its own, killed by {@link StoreBehaviourTest}: adds keys {@code k0, k1, ...} through the
 * group commit and prints {@code acked <key>} once each is durable, until it is killed.
 * Arguments: url (empty for H2), user, password, data dir, target app key.
 */
public final class StoreChild {

    public static void main(String[] args) throws Exception {
        StoreBackend backend = new StoreBackend("child", args[0], args[1], args[2]);
        Path dataDir = Path.of(args[3]);
        DataSource ds = backend.open(dataDir);
        ImportedMessages store = backend.store(ds, args[4], dataDir);
        store.start();
        System.out.println("started");
        for (int i = 0; ; i++) {
            String key = "k" + i;
            store.addLater(key).onDisk().thenAccept(added -> {
                synchronized (System.out) {
                    System.out.println("acked " + key);
                    System.out.flush();
                }
            });
            if (i % 8 == 7) {
                Thread.sleep(1);
            }
        }
    }
}
