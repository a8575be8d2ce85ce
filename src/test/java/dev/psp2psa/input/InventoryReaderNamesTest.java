package dev.psp2psa.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.psp2psa.inventory.Sourced;
import dev.psp2psa.inventory.Workload;
import dev.psp2psa.inventory.WorkloadDigest;
import dev.psp2psa.inventory.WorkloadDigester;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Names the API server would reject are bad input, said at their place (issue 12): a namespace such as {@code ../..}
 * used to reach the output tree and fail there as an internal error.
 */
class InventoryReaderNamesTest extends ReaderTestSupport {

    private static final String LABEL_RULE = "at most 63 lowercase letters, digits and '-', starting and ending "
            + "with a letter or digit.";
    private static final String SUBDOMAIN_RULE = "at most 253 lowercase letters, digits, '-' and '.', starting and "
            + "ending with a letter or digit.";

    @Test
    void aNamespaceThatCannotExistIsBadInput() {
        write("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: ../..\n");
        assertError(fails("pod.yaml"), "pod.yaml", 5, 3,
                "metadata.namespace \"../..\" of Pod \"web\" is not a valid namespace name: " + LABEL_RULE);
    }

    @Test
    void objectNamesAreCheckedAsTheApiServerChecksThem() {
        write("a.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: Web_1}\n");
        assertError(fails("a.yaml"), "a.yaml", 3, 12,
                "metadata.name \"Web_1\" of a Deployment is not a valid name: " + SUBDOMAIN_RULE);
        write("b.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: team.a}\n");
        assertError(fails("b.yaml"), "b.yaml", 3, 12,
                "metadata.name \"team.a\" of a Namespace is not a valid name: " + LABEL_RULE);
        write("c.yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: ..}\n");
        assertError(fails("c.yaml"), "c.yaml", 3, 12, "metadata.name \"..\" of a ClusterRole is not a valid name: it "
                + "may not be '.' or '..' and may not contain '/' or '%'.");
        write("d.yaml", "apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: \"psp\\nx\"}\n");
        assertError(fails("d.yaml"), "d.yaml", 3, 12,
                "metadata.name \"psp\\u000Ax\" of a PodSecurityPolicy is not a valid name: " + SUBDOMAIN_RULE);
    }

    @Test
    void namesTheApiServerAcceptsAreRead() {
        write("ok.yaml", """
                {apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: {name: "system:psp:restricted"}}
                ---
                {apiVersion: policy/v1beta1, kind: PodSecurityPolicy, metadata: {name: psp.flannel.unprivileged}}
                ---
                {apiVersion: v1, kind: Pod, metadata: {name: web-0.a, namespace: kube-system}}
                ---
                {apiVersion: v1, kind: Namespace, metadata: {name: team-a, namespace: "ignored: cluster-scoped"}}
                """);
        assertEquals(4, read("ok.yaml").objects().size());
    }

    @Test
    void aCapturedListItemGetsTheSameMessageAtTheSamePlace() {
        String list = "{\"apiVersion\": \"v1\", \"items\": [\n"
                + "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"web\",\n"
                + "  \"namespace\": \"Shop\"}, \"spec\": {\"containers\": []}}\n], \"kind\": \"List\"}";
        write("list.json", list);
        WorkloadDigester digester = new WorkloadDigester() {
            @Override
            public Optional<WorkloadDigest> digest(Sourced<? extends HasMetadata> object) {
                return Workload.of(object).map(w -> new WorkloadDigest() {
                    public String kind() {
                        return w.kind();
                    }

                    public String namespace() {
                        return w.namespace();
                    }

                    public String name() {
                        return w.name();
                    }

                    public dev.psp2psa.inventory.Source source() {
                        return w.source();
                    }

                    public String serviceAccount() {
                        return w.serviceAccount();
                    }
                });
            }
        };
        InputException digesting = assertThrows(InputException.class, () -> new InventoryReader(options())
                .read(List.of("list.json"), InputStream.nullInputStream(), digester));
        assertError(digesting, "list.json", 3, 3,
                "metadata.namespace \"Shop\" of Pod \"web\" is not a valid namespace name: " + LABEL_RULE);
        assertEquals(fails("list.json").located(), digesting.located());
    }
}
