package io.chathistorybridge.reload;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches a folder for saves of the files whose names end with a suffix (hidden files aside), whether written in
 * place or renamed over, and hands on a file's name once it has not changed for {@link #QUIET_MS}: editors write
 * one save in several steps.
 */
final class QuietSaves implements AutoCloseable {

    static final long QUIET_MS = 400;

    private final Path folder;
    private final String suffix;
    private final Consumer<String> saved;
    private final Map<String, Long> changed = new LinkedHashMap<>();
    private volatile boolean open;
    private WatchService watcher;

    QuietSaves(Path folder, String suffix, Consumer<String> saved) {
        this.folder = folder;
        this.suffix = suffix;
        this.saved = saved;
    }

    /** Whether a file of this name is watched. */
    boolean watches(String name) {
        return name.endsWith(suffix) && !name.startsWith(".");
    }

    /** Starts watching on a daemon thread of this name; the names are handed on there, one at a time. */
    void start(String threadName) throws IOException {
        watcher = FileSystems.getDefault().newWatchService();
        folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        open = true;
        Thread thread = new Thread(this::watch, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        open = false;
        if (watcher != null) {
            watcher.close();
        }
    }

    private void watch() {
        try {
            while (open) {
                WatchKey key = watcher.poll(100, TimeUnit.MILLISECONDS);
                long now = System.nanoTime();
                if (key != null) {
                    for (WatchEvent<?> event : key.pollEvents()) {
                        if (event.context() instanceof Path name && watches(name.toString())) {
                            changed.put(name.toString(), now);
                        }
                    }
                    key.reset();
                }
                for (String name : new ArrayList<>(changed.keySet())) {
                    if (now - changed.get(name) >= TimeUnit.MILLISECONDS.toNanos(QUIET_MS)) {
                        changed.remove(name);
                        saved.accept(name);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClosedWatchServiceException e) {
            // stopping
        }
    }
}
