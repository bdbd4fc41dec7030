package io.chathistorybridge.config;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The settings cannot work; the message lists each problem on its own line. */
public final class SettingsException extends RuntimeException {
    /** Camel's words for a placeholder or injected property that no settings source holds. */
    private static final Pattern NOT_FOUND = Pattern.compile("Property with key \\[([^\\]]+)\\] not found");

    private final List<String> problems;

    public SettingsException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    /** The settings problem a failed start came from: ours, or a key Camel found in no settings source; else null. */
    public static SettingsException in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SettingsException s) {
                return s;
            }
            Matcher notFound = NOT_FOUND.matcher(String.valueOf(t.getMessage()));
            if (t instanceof IllegalArgumentException && notFound.lookingAt()) {
                return new SettingsException(List.of(SettingsCheck.notSet(notFound.group(1))));
            }
        }
        return null;
    }
}
