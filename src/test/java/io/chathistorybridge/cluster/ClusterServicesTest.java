package io.chathistorybridge.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.chathistorybridge.config.SettingsCheck;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;

class ClusterServicesTest {

    private static PropertiesComponent settings(String... keyValues) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties p = new Properties();
        p.setProperty("bridge.data-dir", "/srv/bridge");
        p.setProperty("bridge.cluster.file.acquire-lock-interval-ms", "2000");
        p.setProperty("bridge.cluster.kubernetes.lease-name", "leaders");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        context.getPropertiesComponent().setInitialProperties(p);
        return context.getPropertiesComponent();
    }

    @Test
    void noneHasNoClusterService() {
        assertNull(ClusterServices.create(settings("bridge.cluster.service", "none")));
    }

    @Test
    void fileLocksUnderTheDataDirByDefault() {
        CamelClusterService service = ClusterServices.create(settings("bridge.cluster.service", "file",
                "bridge.cluster.id", "node-a"));
        FileLockClusterService file = assertInstanceOf(FileLockClusterService.class, service);
        assertEquals(Path.of("/srv/bridge/cluster").toString(), file.getRoot());
        assertEquals("node-a", file.getId());
        assertEquals(2000, file.getAcquireLockIntervalUnit().toMillis(file.getAcquireLockInterval()));
        assertFalse(file.isStarted());
    }

    @Test
    void kubernetesUsesALeaseInThePodsNamespace() {
        KubernetesClusterService k8s = ClusterServices.kubernetes(settings("bridge.cluster.service", "kubernetes"),
                "migration", "bridge-7d9f-abc12");
        assertEquals(LeaseResourceType.Lease, k8s.getLeaseResourceType());
        assertEquals("migration", k8s.getKubernetesNamespace());
        assertEquals("bridge-7d9f-abc12", k8s.getPodName());
        assertEquals("leaders", k8s.getKubernetesResourceName());
        assertFalse(k8s.isStarted(), "constructed, not started: there is no Kubernetes API here");
        assertInstanceOf(KubernetesClusterService.class,
                ClusterServices.create(settings("bridge.cluster.service", "kubernetes")));
    }

    /** The keys not in the map are set, to nothing: a key missing altogether is named before any other problem. */
    private static java.util.function.Function<String, String> set(Map<String, String> s) {
        return key -> s.getOrDefault(key, "");
    }

    @Test
    void aClusterServiceRefusesTheEmbeddedStoreInOneLine() {
        Map<String, String> s = new HashMap<>();
        s.put("bridge.cluster.service", "file");
        s.put("bridge.data-dir", "/tmp");
        List<String> problems = SettingsCheck.problems(set(s));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("bridge.store.jdbc-url: bridge.cluster.service=file"
                + " needs the shared PostgreSQL store")), problems.toString());
        s.put("bridge.store.jdbc-url", "jdbc:postgresql://127.0.0.1:5432/bridge");
        s.put("bridge.cluster.file.acquire-lock-interval-ms", "1000");
        assertTrue(SettingsCheck.problems(set(s)).stream().noneMatch(p -> p.contains("cluster")),
                SettingsCheck.problems(set(s)).toString());
        s.put("bridge.cluster.service", "zookeeper");
        assertTrue(SettingsCheck.problems(set(s)).contains(
                "bridge.cluster.service: 'zookeeper' is not none, file or kubernetes"));
    }
}
