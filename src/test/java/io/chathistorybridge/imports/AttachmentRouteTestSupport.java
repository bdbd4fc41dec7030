package io.chathistorybridge.imports;

import java.util.Properties;

import io.chathistorybridge.sandbox.SandboxApp;

/** The import route with a sandbox source app and bridge.import.attachments=copy (a subclass may set another mode). */
abstract class AttachmentRouteTestSupport extends ImportRouteTestSupport {

    final SandboxApp source = sandbox.addApp("src-org", "src-app", "src-client", "src-secret-value");

    @Override
    protected Properties settings() {
        Properties p = super.settings();
        p.setProperty("bridge.source.base-url", sandbox.baseUrl());
        p.setProperty("bridge.source.org", "src-org");
        p.setProperty("bridge.source.app", "src-app");
        p.setProperty("bridge.source.client-id", "src-client");
        p.setProperty("bridge.source.client-secret", "src-secret-value");
        p.setProperty("bridge.import.attachments", "copy");
        return p;
    }
}
