package io.chathistorybridge.config;

import java.util.List;

/** The settings cannot work; the message lists each problem on its own line. */
public final class SettingsException extends RuntimeException {
    private final List<String> problems;

    public SettingsException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
