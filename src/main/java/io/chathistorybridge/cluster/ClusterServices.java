package io.chathistorybridge.cluster;

import io.chathistorybridge.config.Settings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The cluster service {@code bridge.cluster.service} names: none (one process), file (Camel's
 * {@link FileLockClusterService}: an OS lock under {@code bridge.cluster.file.root}) or kubernetes (Camel's
 * {@link KubernetesClusterService} with a Lease; namespace and pod from the pod's environment). Camel Main has no
 * settings for it: the bridge adds it to the context itself, before the routes start (a bean would be too late for the
 * leader's route policy).
 */
public final class ClusterServices {

    /** The leadership the bridge's instances compete for: one leader runs the export triggers and the inbox. */
    public static final String NAMESPACE = "chat-history-bridge";

    private ClusterServices() {
    }

    /** Null for {@code none}. */
    public static CamelClusterService create(PropertiesComponent p) {
        String kind = Settings.required(p, "bridge.cluster.service").trim();
        String id = p.resolveProperty("bridge.cluster.id").orElse("").trim();
        if (id.isEmpty()) {
            id = hostName() + "-" + ProcessHandle.current().pid();
        }
        switch (kind) {
            case "file": {
                FileLockClusterService file = new FileLockClusterService();
                file.setId(id);
                String root = p.resolveProperty("bridge.cluster.file.root").orElse("").trim();
                file.setRoot(root.isEmpty()
                        ? Path.of(Settings.required(p, "bridge.data-dir")).resolve("cluster").toString()
                        : root);
                file.setAcquireLockInterval(Long.parseLong(
                        Settings.required(p, "bridge.cluster.file.acquire-lock-interval-ms").trim()),
                        TimeUnit.MILLISECONDS);
                return file;
            }
            case "kubernetes":
                return kubernetes(p, System.getenv("POD_NAMESPACE"), System.getenv("HOSTNAME"));
            default:
                return null;
        }
    }

    /** Constructed, not started: the Lease {@code {lease-name}-chat-history-bridge} in the pod's namespace. */
    static KubernetesClusterService kubernetes(PropertiesComponent p, String namespace, String podName) {
        KubernetesClusterService k8s = new KubernetesClusterService();
        k8s.setKubernetesResourceName(Settings.required(p, "bridge.cluster.kubernetes.lease-name").trim());
        if (namespace != null && !namespace.isBlank()) {
            k8s.setKubernetesNamespace(namespace);
            k8s.setKubernetesResourcesNamespace(namespace);
        }
        if (podName != null && !podName.isBlank()) {
            k8s.setPodName(podName);
            k8s.setId(podName);
        }
        return k8s;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "bridge";
        }
    }
}
