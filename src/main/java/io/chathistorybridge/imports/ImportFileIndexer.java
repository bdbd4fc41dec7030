package io.chathistorybridge.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ordering pass: unpacks a gzip file (told by content, {@link FileFormat}) to a work file, indexes every
 * line and sets the body to the lines in import order, read one at a time. A file that is not gzip or not
 * text with one JSON record per line is refused with {@link UnreadableFileException}.
 */
public final class ImportFileIndexer implements Processor {

    /** Exchange property holding the index, closed when the file is finished. */
    public static final String INDEX = "importIndex";
    /** Exchange property: where a gzip file is unpacked to, removed when the file is finished. */
    static final String WORK_FILE = "importWorkFile";
    private static final Logger LOG = LoggerFactory.getLogger(ImportFileIndexer.class);

    private final ObjectMapper json;
    private final Path workDir;

    public ImportFileIndexer(ObjectMapper json, Path workDir) {
        this.json = json;
        this.workDir = workDir;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ImportRun run = exchange.getProperty(ImportRun.PROPERTY, ImportRun.class);
        Path file = Path.of(exchange.getIn().getHeader(Exchange.FILE_PATH, String.class));
        Path work = workDir.resolve(file.getFileName() + ".unpacked");
        exchange.setProperty(WORK_FILE, work);
        LineIndex index;
        try {
            Path plain = FileFormat.plainText(file, work);
            FileFormat.checkText(plain);
            index = LineIndex.build(plain, json);
        } catch (Exception e) {
            // unreadable, or the work copy could not be written (a full disk): no part of it is left behind
            deleteQuietly(work);
            throw e;
        }
        run.indexed(index.size(), index.blankCount(), index.shiftedCount(), index.conversationCount());
        LOG.info("Importing {}: {} lines in {} conversations{}", run.file(), index.size(), index.conversationCount(),
                index.shiftedCount() > 0 ? ", " + index.shiftedCount() + " equal timestamps moved +1 ms" : "");
        exchange.setProperty(INDEX, index);
        exchange.getIn().setBody(index.inOrder(() -> !exchange.getContext().isStopping()));
    }

    private static void deleteQuietly(Path work) {
        try {
            Files.deleteIfExists(work);
        } catch (IOException | RuntimeException ignored) {
            // the folder itself is what failed: nothing was left in it
        }
    }

    /** Removes the unpacked work copy and closes the index once the file is finished. */
    public void cleanUp(Exchange exchange) throws IOException {
        LineIndex index = exchange.getProperty(INDEX, LineIndex.class);
        if (index != null) {
            index.close();
        }
        Path work = exchange.getProperty(WORK_FILE, Path.class);
        if (work != null) {
            Files.deleteIfExists(work);
        }
    }
}
