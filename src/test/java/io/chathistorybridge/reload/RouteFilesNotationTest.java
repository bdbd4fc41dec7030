package io.chathistorybridge.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

/**
 * Every shipped route file is valid against the YAML DSL's JSON schema (what camel-yaml-dsl-validator checks) and
 * uses one notation: a language always as {@code <language>: expression: "..."}, never the compact scalar form.
 */
class RouteFilesNotationTest {

    private static final Set<String> LANGUAGES = Set.of("simple", "constant", "header", "exchangeProperty", "jq",
            "jsonpath", "groovy", "method", "xpath");
    private static final YAMLMapper YAML = new YAMLMapper();

    private static List<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted()
                    .collect(Collectors.toList());
            assertFalse(found.isEmpty(), "no routes/*.camel.yaml found");
            return found;
        }
    }

    @Test
    void everyRouteFileIsValidAgainstTheYamlDslSchema() throws IOException {
        JsonSchema schema;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("schema/camelYamlDsl.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
        List<String> problems = new ArrayList<>();
        for (Path file : routeFiles()) {
            for (ValidationMessage m : schema.validate(YAML.readTree(file.toFile()))) {
                if (!isPlaceholder(m.getInstanceNode())) {
                    problems.add(file + ": " + m.getMessage());
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** The schema types options like autoStartup as booleans; Camel resolves a {@code {{key}}} placeholder first. */
    private static boolean isPlaceholder(JsonNode value) {
        return value != null && value.isTextual() && value.asText().matches("\\{\\{[^{}]+}}");
    }

    @Test
    void everyExpressionUsesTheCanonicalNotation() throws IOException {
        List<String> compact = new ArrayList<>();
        for (Path file : routeFiles()) {
            walk(YAML.readTree(file.toFile()), file + ":", "", compact);
        }
        assertEquals(List.of(), compact, "write these as  <language>: expression: \"...\"");
    }

    /**
     * A language key always holds an object ({@code simple: expression: "..."}), never the compact scalar; where it
     * sits is the schema's job. {@code bean: method:} and a language's own attributes are not expressions.
     */
    private static void walk(JsonNode node, String where, String parentKey, List<String> compact) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), where + "[" + i + "]", parentKey, compact);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String key = field.getKey();
                boolean attribute = "bean".equals(parentKey) || LANGUAGES.contains(parentKey);
                if (LANGUAGES.contains(key) && !attribute && !field.getValue().isObject()) {
                    compact.add(where + "/" + key);
                }
                walk(field.getValue(), where + "/" + key, key, compact);
            }
        }
    }
}
