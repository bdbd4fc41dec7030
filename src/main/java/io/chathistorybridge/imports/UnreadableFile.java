package io.chathistorybridge.imports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an unreadable file to {@code failed/} (instead of the archive) and writes beside it, in
 * {@code {name}.reason.txt}, what was wrong and which files are accepted.
 */
public final class UnreadableFile implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(UnreadableFile.class);
    private final Path failedDir;
    private final ImportRuns runs;

    public UnreadableFile(Path failedDir, ImportRuns runs) {
        this.failedDir = failedDir;
        this.runs = runs;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "unreadable" : cause.getMessage();
        Files.createDirectories(failedDir);
        Files.writeString(failedDir.resolve(name + ".reason.txt"), name + ": " + reason + "\n" + FileFormat.ACCEPTED
                + "\n", StandardCharsets.UTF_8);
        runs.setAside(exchange.getProperty(ImportRun.PROPERTY, ImportRun.class));
        exchange.setProperty(ImportFileStart.MOVE_TO, failedDir.resolve(name).toString());
        LOG.error("Cannot import {}: {}; moved to {}", name, reason, failedDir.resolve(name));
    }
}
