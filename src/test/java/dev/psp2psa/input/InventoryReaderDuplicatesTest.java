package dev.psp2psa.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.psp2psa.inventory.Inventory;
import dev.psp2psa.inventory.Source;
import dev.psp2psa.inventory.Sourced;
import dev.psp2psa.inventory.Workload;
import dev.psp2psa.inventory.WorkloadDigest;
import dev.psp2psa.inventory.WorkloadDigester;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Two objects of one kind, namespace and name (issue 12): for an inventory, an identical copy is read once with a
 * notice and different copies are an error naming both; for a dry-run of manifests, every copy is read.
 */
class InventoryReaderDuplicatesTest extends ReaderTestSupport {

    private static final String PSP_COPIES = """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: policy/v1beta1
              kind: PodSecurityPolicy
              metadata: {name: p, uid: 7e0d, resourceVersion: "42"}
              spec: {privileged: false}
            - apiVersion: extensions/v1beta1
              kind: PodSecurityPolicy
              metadata: {name: p, uid: 7e0d, resourceVersion: "42"}
              spec: {privileged: false}
            """;

    @Test
    void thePspFromBothApiGroupsIsReadOnceWithANotice() {
        write("psps.yaml", PSP_COPIES);
        Inventory inventory = read("psps.yaml");
        assertEquals(List.of("PodSecurityPolicy p @ psps.yaml:4 (PodSecurityPolicy)"), objects(inventory));
        assertEquals(List.of("psps.yaml:8: PodSecurityPolicy \"p\" is an identical copy of the one at psps.yaml:4; "
                + "it is read once."), inventory.notices());
        assertEquals(List.of(), inventory.warnings(), "nothing is missing from the input");
    }

    @Test
    void aBackupCopyIsIdenticalToTheLiveObjectButForWhatTheServerWrites() {
        write("live.yaml", """
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: web
                  namespace: shop
                  uid: 0b4f
                  resourceVersion: "981"
                  creationTimestamp: "2023-01-01T00:00:00Z"
                  managedFields: [{manager: kubectl, operation: Update}]
                  annotations:
                    kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"v1"}'
                automountServiceAccountToken: false
                """);
        write("backup/sa.yaml", """
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: web, namespace: shop}
                automountServiceAccountToken: false
                """);
        Inventory inventory = read("live.yaml", "backup");
        assertEquals(List.of("ServiceAccount shop/web @ live.yaml:1 (ServiceAccount)"), objects(inventory));
        assertEquals(1, inventory.notices().size());
    }

    @Test
    void noNamespaceIsTheDefaultNamespaceAndClusterScopedKindsHaveNone() {
        write("a.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: default}\n---\n"
                + "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n");
        write("b.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n---\n"
                + "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, namespace: ignored}\n");
        Inventory inventory = read("a.yaml", "b.yaml");
        assertEquals(2, inventory.objects().size());
        assertEquals(2, inventory.notices().size());
    }

    @Test
    void copiesThatDifferAreAnErrorNamingBoth() {
        write("psps.yaml", PSP_COPIES.replaceFirst("privileged: false", "privileged: true"));
        assertError(fails("psps.yaml"), "psps.yaml", 8, 0, "PodSecurityPolicy \"p\" is defined twice, differently: "
                + "also at psps.yaml:4; keep the copy the cluster holds and remove the other.");
    }

    @Test
    void manifestsToDryRunKeepEveryCopy() {
        write("pass/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {hostPID: false}\n");
        write("fail/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {hostPID: true}\n");
        write("again/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {hostPID: true}\n");
        Inventory inventory = new InventoryReader(options().withDuplicates(Duplicates.KEEP))
                .read(List.of("pass", "fail", "again"), InputStream.nullInputStream());
        assertEquals(List.of("Pod web @ pass/pod.yaml:1 (Pod)", "Pod web @ fail/pod.yaml:1 (Pod)",
                "Pod web @ again/pod.yaml:1 (Pod)"), objects(inventory));
        assertEquals(List.of(), inventory.notices());
    }

    /** A digest that, like psp2psa's own, knows when two stand for the same content. */
    private record Digest(String kind, String namespace, String name, Source source, String serviceAccount)
            implements WorkloadDigest {
        @Override
        public boolean sameContent(WorkloadDigest other) {
            return other instanceof Digest d && kind.equals(d.kind) && namespace.equals(d.namespace)
                    && name.equals(d.name) && Objects.equals(serviceAccount, d.serviceAccount);
        }
    }

    private static final WorkloadDigester DIGESTER = new WorkloadDigester() {
        @Override
        public Optional<WorkloadDigest> digest(Sourced<? extends HasMetadata> object) {
            return Workload.of(object).map(w -> new Digest(w.kind(), w.namespace(), w.name(), w.source(),
                    w.serviceAccount()));
        }
    };

    @Test
    void digestedWorkloadsAreComparedByTheirDigests() {
        String deployment = "{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"metadata\": {\"name\": \"web\"}, "
                + "\"spec\": {\"template\": {\"spec\": {\"serviceAccountName\": \"SA\", \"containers\": []}}}}";
        write("a.json", "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [" + deployment.replace("SA", "web")
                + "]}");
        write("b.json", deployment.replace("SA", "web"));
        write("c.json", deployment.replace("SA", "other"));
        Inventory inventory = new InventoryReader(options()).read(List.of("a.json", "b.json"),
                InputStream.nullInputStream(), DIGESTER);
        assertEquals(1, inventory.digests().size());
        assertEquals(List.of("b.json:1: Deployment \"default/web\" is an identical copy of the one at a.json:1; it is "
                + "read once."), inventory.notices());
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class,
                () -> new InventoryReader(options()).read(List.of("a.json", "c.json"), InputStream.nullInputStream(),
                        DIGESTER));
        assertError(e, "c.json", 1, 0, "Deployment \"default/web\" is defined twice, differently: also at a.json:1; "
                + "keep the copy the cluster holds and remove the other.");
    }
}
