package io.chathistorybridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.chathistorybridge.BridgeConfiguration;
import org.apache.camel.PropertyInject;
import org.junit.jupiter.api.Test;

/** config/application.properties is the one place of every default: the beans read it, the README shows it. */
class SettingsFileTest {

    private static final Path FILE = Path.of("config/application.properties");
    private static final Path README = Path.of("README.md");
    /** A row of the README's settings table: | `key` | `default` or (empty) or nothing | what it does | */
    private static final Pattern ROW = Pattern.compile("^\\| `(bridge\\.[^`]+)` \\|((?:[^|\\\\]|\\\\.)*)\\|(.*)\\|$");
    private static final Pattern KEY = Pattern.compile("^([a-z][\\w.-]*)\\s*=");

    /** A key's default and what it does, as the file's comment lines or the README's table say it. */
    record Setting(String value, String says) {
    }

    /** Every key with its value as the bridge reads it and its comment lines above, joined, in file order. */
    static Map<String, Setting> fileSettings(String text) throws IOException {
        Properties parsed = new Properties();
        parsed.load(new StringReader(text));
        Map<String, Setting> settings = new LinkedHashMap<>();
        List<String> comment = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher key = KEY.matcher(line);
            if (key.find()) {
                settings.put(key.group(1), new Setting(parsed.getProperty(key.group(1)), String.join(" ", comment)));
            }
            if (line.startsWith("# ")) {
                comment.add(line.substring(2).strip());
            } else {
                comment.clear();
            }
        }
        return settings;
    }

    /** Each bridge.* row of the README table: the default unquoted ("(empty)" and blank are ""), code marks dropped. */
    static Map<String, Setting> readmeSettings(String text) {
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher row = ROW.matcher(line.strip());
            if (row.matches()) {
                String shown = row.group(2).strip().replace("\\|", "|");
                if (shown.startsWith("`") && shown.endsWith("`") && shown.length() >= 2) {
                    shown = shown.substring(1, shown.length() - 1);
                } else if (shown.equals("(empty)")) {
                    shown = "";
                }
                settings.put(row.group(1), new Setting(shown, row.group(3).strip().replace("\\|", "|").replace("`", "")));
            }
        }
        return settings;
    }

    /** Lines naming what differs between the file's bridge.* keys and the README's table. */
    static List<String> disagreements(Map<String, Setting> file, Map<String, Setting> readme) {
        List<String> lines = new ArrayList<>();
        file.forEach((key, setting) -> {
            if (!key.startsWith("bridge.")) {
                return;
            }
            Setting shown = readme.get(key);
            if (shown == null) {
                lines.add(key + ": in the file, not in the README table");
            } else if (!shown.value().equals(setting.value())) {
                lines.add(key + ": the file says '" + setting.value() + "', the README '" + shown.value() + "'");
            } else if (!shown.says().equals(setting.says())) {
                lines.add(key + ": the file's comment says '" + setting.says() + "', the README '" + shown.says() + "'");
            }
        });
        readme.keySet().stream().filter(key -> !file.containsKey(key))
                .forEach(key -> lines.add(key + ": in the README table, not in the file"));
        return lines;
    }

    private static String read(Path path) throws IOException {
        return Files.readString(path, StandardCharsets.UTF_8);
    }

    @Test
    void theReadmeTableShowsEveryKeyOfTheFileWithItsDefaultAndComment() throws IOException {
        Map<String, Setting> readme = readmeSettings(read(README));
        assertTrue(readme.size() > 40, "the README's settings table was not found: " + readme.keySet());
        assertEquals(List.of(), disagreements(fileSettings(read(FILE)), readme));
    }

    @Test
    void aDisagreementIsNamedByItsKey() throws IOException {
        Map<String, Setting> file = fileSettings(
                "## head\n# a\nbridge.a = 1\n# b,\n# two lines\nbridge.b = x\\\\.y\n# c\nbridge.c =\n\n# d\ncamel.d = 2\n");
        assertEquals(Map.of("bridge.a", new Setting("1", "a"), "bridge.b", new Setting("x\\.y", "b, two lines"),
                "bridge.c", new Setting("", "c"), "camel.d", new Setting("2", "d")), file);
        String table = "| `bridge.a` | `1` | a |\n| `bridge.b` | `x\\.y` | b, two `lines` |\n| `bridge.c` | | c |\n";
        assertEquals(List.of(), disagreements(file, readmeSettings(table)), "camel.* keys are not in the table");
        assertEquals(List.of("bridge.a: the file says '1', the README '2'",
                        "bridge.b: the file's comment says 'b, two lines', the README 'b'",
                        "bridge.c: in the file, not in the README table",
                        "bridge.e: in the README table, not in the file"),
                disagreements(file, readmeSettings(table.replace("`1`", "`2`").replace("b, two `lines`", "b")
                        .replace("| `bridge.c` | | c |", "| `bridge.e` | (empty) | e |"))));
        assertEquals(Map.of("bridge.r", new Setting("a|b", "alternatives")),
                readmeSettings("| `bridge.r` | `a\\|b` | alternatives |"));
    }

    @Test
    void everyKeyHasACommentLineAbove() throws IOException {
        List<String> lines = read(FILE).lines().toList();
        List<String> bare = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("^[a-z][\\w.-]*\\s*=.*")
                    && (i == 0 || !lines.get(i - 1).startsWith("# "))) {
                bare.add(lines.get(i));
            }
        }
        assertEquals(List.of(), bare);
    }

    @Test
    void everySettingABeanReadsHasItsDefaultInTheFile() throws IOException {
        TreeSet<String> injected = new TreeSet<>();
        List<Class<?>> configurations = configurationClasses();
        assertTrue(configurations.contains(BridgeConfiguration.class), configurations.toString());
        for (Method method : configurations.stream().flatMap(c -> Arrays.stream(c.getDeclaredMethods())).toList()) {
            for (Parameter parameter : method.getParameters()) {
                PropertyInject inject = parameter.getAnnotation(PropertyInject.class);
                if (inject != null) {
                    assertEquals("", inject.defaultValue(), method.getName() + " " + inject.value()
                            + ": the default belongs in " + FILE);
                    injected.add(inject.value());
                }
            }
        }
        assertTrue(injected.size() > 20, injected.toString());
        injected.removeAll(fileSettings(read(FILE)).keySet());
        assertEquals(new TreeSet<>(), injected, "read by a bean, missing from " + FILE);
    }

    /** The configuration classes the file lists (camel.main.configuration-classes), each one loaded. */
    private static List<Class<?>> configurationClasses() throws IOException {
        String listed = fileSettings(read(FILE)).get("camel.main.configuration-classes").value();
        List<Class<?>> classes = new ArrayList<>();
        for (String name : listed.split(",")) {
            try {
                classes.add(Class.forName(name.trim()));
            } catch (ClassNotFoundException e) {
                throw new AssertionError("camel.main.configuration-classes names no class " + name, e);
            }
        }
        return classes;
    }

    @Test
    void theFileHoldsNoKeyTwice() throws IOException {
        List<String> keys = new ArrayList<>();
        read(FILE).lines().filter(l -> l.matches("^[a-z][\\w.-]*\\s*=.*")).forEach(l -> keys.add(l.split("\\s*=")[0]));
        assertFalse(keys.size() != new TreeSet<>(keys).size(), "a key written twice: " + keys);
    }
}
