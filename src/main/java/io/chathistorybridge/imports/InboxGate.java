package io.chathistorybridge.imports;

import java.io.File;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * The inbox's filter: the next file is taken while no file paused (the {@link PausedFileHold}, and no file still being
 * imported paused) and fewer than bridge.import.look-ahead-lines lines of the files being imported are unfinished.
 */
public final class InboxGate implements GenericFileFilter<File> {

    private final PausedFileHold hold;
    private final ImportRuns runs;

    public InboxGate(PausedFileHold hold, ImportRuns runs) {
        this.hold = hold;
        this.runs = runs;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        return !hold.holding(System.nanoTime()) && runs.roomForAnother();
    }
}
