package io.chathistorybridge.sandbox;

/** Names and credentials used when the bridge runs against the sandbox ("sandbox mode"). */
public final class SandboxDefaults {
    public static final int PORT = 8480;

    public static final String SOURCE_ORG = "demo-org";
    public static final String SOURCE_APP = "source-app";
    public static final String SOURCE_CLIENT_ID = "sandbox-source-id";
    public static final String SOURCE_CLIENT_SECRET = "sandbox-source-secret";

    public static final String TARGET_ORG = "demo-org";
    public static final String TARGET_APP = "target-app";
    public static final String TARGET_CLIENT_ID = "sandbox-target-id";
    public static final String TARGET_CLIENT_SECRET = "sandbox-target-secret";

    /** Hours of history {@code --seed-demo} generates. */
    public static final int SEED_HOURS = 6;

    private SandboxDefaults() {
    }
}
