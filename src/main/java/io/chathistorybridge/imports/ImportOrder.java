package io.chathistorybridge.imports;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ordering pass: unpacks a .gz to a work file (gzip cannot be read at random), indexes every line and
 * sets the body to the lines in import order, read one at a time. A file that is not gzip or not text is
 * refused with {@link UnreadableFileException}.
 */
public final class ImportOrder implements Processor {

    /** Exchange property holding the index, closed when the file is finished. */
    public static final String INDEX = "importIndex";
    private static final Logger LOG = LoggerFactory.getLogger(ImportOrder.class);

    private final ObjectMapper json;
    private final Path workDir;

    public ImportOrder(ObjectMapper json, Path workDir) {
        this.json = json;
        this.workDir = workDir;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ImportRun run = exchange.getProperty(ImportRun.PROPERTY, ImportRun.class);
        Path file = Path.of(exchange.getIn().getHeader(Exchange.FILE_PATH, String.class));
        Path plain = plainText(file);
        refuseBinary(plain, file);
        LineIndex index = LineIndex.build(plain, json);
        run.indexed(index.size(), index.shiftedCount(), index.conversationCount());
        LOG.info("Importing {}: {} lines in {} conversations{}", run.file(), index.size(), index.conversationCount(),
                index.shiftedCount() > 0 ? ", " + index.shiftedCount() + " equal timestamps moved +1 ms" : "");
        exchange.setProperty(INDEX, index);
        exchange.getIn().setBody(index.inOrder(() -> !exchange.getContext().isStopping()));
    }

    private Path plainText(Path file) throws IOException {
        if (!file.getFileName().toString().toLowerCase().endsWith(".gz")) {
            return file;
        }
        Files.createDirectories(workDir);
        Path plain = workDir.resolve(file.getFileName().toString().replaceAll("(?i)\\.gz$", ""));
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), 1 << 16)) {
            Files.copy(in, plain, StandardCopyOption.REPLACE_EXISTING);
        } catch (ZipException | java.io.EOFException e) {
            throw new UnreadableFileException("not a readable gzip file (" + e.getMessage() + ")");
        }
        return plain;
    }

    /** NUL bytes in the first 64 KB: a binary file, not NDJSON. */
    private static void refuseBinary(Path plain, Path original) throws IOException {
        byte[] head = new byte[1 << 16];
        int n;
        try (InputStream in = Files.newInputStream(plain)) {
            n = in.readNBytes(head, 0, head.length);
        }
        for (int i = 0; i < n; i++) {
            if (head[i] == 0) {
                throw new UnreadableFileException("not a text file (binary content at byte " + i + ")");
            }
        }
    }

    /** Removes the unpacked work copy and closes the index once the file is finished. */
    public void cleanUp(Exchange exchange) throws IOException {
        LineIndex index = exchange.getProperty(INDEX, LineIndex.class);
        if (index != null) {
            index.close();
        }
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        if (name != null && name.toLowerCase().endsWith(".gz")) {
            Files.deleteIfExists(workDir.resolve(name.replaceAll("(?i)\\.gz$", "")));
        }
    }
}
