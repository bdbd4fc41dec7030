package io.chathistorybridge.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.apache.camel.Processor;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A changed route file is read in a throwaway context: what it defines, or one line saying what is wrong. */
class RouteFileCheckTest {

    private DefaultCamelContext running;

    @BeforeEach
    void running() {
        running = new DefaultCamelContext();
        running.getRegistry().bind("importLineMapper", (Processor) e -> { });
    }

    @AfterEach
    void close() {
        running.stop();
    }

    private RouteFileCheck.Defined check(String yaml) throws RouteFileProblem {
        return RouteFileCheck.check("routes/t.camel.yaml",
                ResourceHelper.fromString("file:routes/t.camel.yaml", yaml), running);
    }

    private String problem(String yaml) {
        return assertThrows(RouteFileProblem.class, () -> check(yaml)).getMessage();
    }

    @Test
    void theRepositorysRouteFilesPassAndNameTheirIds() throws Exception {
        // every bean the real files name, so only a missing one would fail
        for (Path f : Files.list(Path.of("routes")).toList()) {
            String yaml = Files.readString(f, StandardCharsets.UTF_8);
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("ref: ([A-Za-z]+)").matcher(yaml);
            while (m.find()) {
                running.getRegistry().bind(m.group(1), (Processor) e -> { });
            }
        }
        String imports = Files.readString(Path.of("routes/import.camel.yaml"), StandardCharsets.UTF_8);
        RouteFileCheck.Defined defined = check(imports);
        assertTrue(defined.routes().containsAll(Set.of("import-files", "import-message", "import-post")),
                defined.toString());
        assertEquals(Set.of("api-errors", "import-file-stops", "import-message-failures"), defined.usedConfigurations());
        assertEquals(Set.of("import-file-stops", "import-message-failures"), defined.routeConfigurations());
        RouteFileCheck.Defined errors = check(Files.readString(Path.of("routes/api-errors.camel.yaml")));
        assertEquals(Set.of("api-errors"), errors.routeConfigurations());
        assertTrue(errors.routes().isEmpty());
    }

    @Test
    void badYamlNamesTheLine() {
        String p = problem("- route:\n    id: a\n    from:\n      uri: direct:a\n      steps:\n        - log: \"x\n");
        assertTrue(p.startsWith("routes/t.camel.yaml line "), p);
        assertFalse(p.contains("\n"), p);
        System.out.println(p);
    }

    @Test
    void anUnknownStepNamesTheLineAndTheStep() {
        String p = problem("- route:\n    id: a\n    from:\n      uri: direct:a\n      steps:\n"
                + "        - lgo:\n            message: hi\n");
        assertTrue(p.startsWith("routes/t.camel.yaml line "), p);
        assertTrue(p.contains("lgo"), p);
        assertFalse(p.contains("\n"), p);
        System.out.println(p);
    }

    @Test
    void aMissingBeanNamesTheLineAndTheBean() {
        String p = problem("- route:\n    id: a\n    from:\n      uri: direct:a\n      steps:\n"
                + "        - process:\n            ref: importLineMapper\n"
                + "        - process:\n            ref: importLineMaper\n");
        assertTrue(p.startsWith("routes/t.camel.yaml line 8"), p);
        assertTrue(p.contains("importLineMaper"), p);
        System.out.println(p);
    }

    @Test
    void aMissingBeanInAPredicateIsFound() {
        String p = problem("- route:\n    id: a\n    from:\n      uri: direct:a\n      steps:\n"
                + "        - filter:\n            ref: nosuchPredicate\n            steps:\n              - stop: {}\n");
        assertTrue(p.contains("nosuchPredicate"), p);
    }

    @Test
    void aRouteWithoutIdIsRefused() {
        String p = problem("- route:\n    from:\n      uri: direct:a\n      steps:\n        - log: hi\n");
        assertTrue(p.contains("without an id"), p);
    }
}
