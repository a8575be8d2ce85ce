package dev.psp2psa.psp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.psp2psa.format.Json;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What PSP admission changed in a pod: the fields of the admitted pod ({@link Admission#metadata()},
 * {@link Admission#spec()}) that the submitted pod did not have, or had with another value, as {@code path} (JSON
 * field names joined by {@code .}, list elements as {@code [i]}) and value. Fields PSP admission removed are not
 * changes (it only adds and overrides); a list of scalars holding the same values in another order is unchanged. The
 * plan lists these as the fields a workload must set once PSP no longer defaults them, and {@code verify} explains a
 * denial with them.
 */
public final class AdmissionDiff {

    /** One field PSP admission set or changed: its path in the pod and its value as JSON text (strings bare). */
    public record Change(String path, String value) {

        /**
         * Whether the gap policies require the field PSP set: all but the pod's {@code fsGroup} and
         * {@code supplementalGroups}, whose absence adds no group and is no less safe than PSP's default
         * ({@link GroupRule#predicate}; a workload may still rely on them to use its volumes), and a
         * {@code runtime/default} AppArmor profile, which an unset one gets anyway ({@link AppArmorRule#predicate}).
         */
        public boolean required() {
            boolean groups = path.equals("spec.securityContext.fsGroup")
                    || path.equals("spec.securityContext.supplementalGroups");
            // An unset AppArmor profile gets the runtime's default: the one PSP's runtime/default default set.
            boolean appArmorDefault = path.startsWith("metadata.annotations." + PspNames.APPARMOR_CONTAINER_PREFIX)
                    && "runtime/default".equals(value);
            return !groups && !appArmorDefault;
        }
    }

    private AdmissionDiff() {
    }

    /** The fields PSP admission set or changed on the pod, in path order; empty when it left the pod unchanged. */
    public static List<Change> changes(ObjectMeta podMetadata, PodSpec podSpec, Admission a) {
        if (Objects.equals(a.spec(), podSpec == null ? new PodSpec() : podSpec)
                && Objects.equals(a.metadata(), podMetadata == null ? new ObjectMeta() : podMetadata)) {
            return List.of(); // Equal objects serialize to equal trees: nothing changed.
        }
        // Serialized as they are, not copied: serializing does not change them.
        JsonNode before = Json.tree(pod(podMetadata, podSpec));
        JsonNode after = Json.tree(pod(a.metadata(), a.spec()));
        List<Change> out = new ArrayList<>();
        diff("", before, after, out);
        out.sort(Comparator.comparing(Change::path));
        return out;
    }

    /**
     * The fields PSP admission set or changed on the pod as the API server stores it, in path order: the changes
     * between the submitted pod and the PSP's output, each after the pod registry's seccomp annotation/field copy
     * ({@link PodCreate#prepareForCreate}), without the seccomp annotations that only repeat a field
     * ({@link #isSyncedSeccompAnnotation}). These are what a workload must set once PSP no longer defaults them: a
     * field-only or annotation-only seccomp profile, which PSP rewrites into its other form, is no change here.
     */
    public static List<Change> storedChanges(ObjectMeta podMetadata, PodSpec podSpec, Admission a) {
        if (unchanged(podMetadata, podSpec, a)) {
            return List.of();
        }
        Pod before = PodCreate.stored(podMetadata, podSpec);
        Pod after = PodCreate.stored(a.metadata(), a.spec());
        Admission stored = new Admission(a.errors(), after.getMetadata(), after.getSpec());
        return changes(before.getMetadata(), before.getSpec(), stored).stream()
                .filter(c -> !isSyncedSeccompAnnotation(c.path())).toList();
    }

    /**
     * Whether PSP admission left the pod as it was submitted (the PSP admitted it without a default): the test of
     * {@code computeSecurityContext} in {@code plugin/pkg/admission/security/podsecuritypolicy/admission.go}
     * ({@code apiequality.Semantic.DeepEqual}, under which empty and absent lists and maps are equal).
     */
    public static boolean unchanged(ObjectMeta podMetadata, PodSpec podSpec, Admission a) {
        return changes(podMetadata, podSpec, a).isEmpty();
    }

    /**
     * The fields a workload of the kind must set to keep what PSP admission set or changed on its pod
     * ({@link #storedChanges}): each as {@code path=value}, the path in the workload (e.g.
     * {@code spec.template.spec...}), in path order. Empty when the admission left the pod unchanged.
     */
    public static List<String> fieldsSetBy(String kind, ObjectMeta podMetadata, PodSpec podSpec, Admission a) {
        List<String> out = new ArrayList<>();
        for (Change c : storedChanges(podMetadata, podSpec, a)) {
            out.add(templatePath(kind) + c.path() + "=" + c.value());
        }
        return out;
    }

    /** Where a workload kind keeps its pod: the prefix that turns a pod field path into the workload's. */
    public static String templatePath(String kind) {
        return switch (kind) {
            case "Pod" -> "";
            case "CronJob" -> "spec.jobTemplate.spec.template.";
            default -> "spec.template.";
        };
    }

    /**
     * The seccomp annotations the API server keeps in step with the seccompProfile fields (the pod registry
     * strategy's {@code PrepareForCreate}): when PSP admission sets both, the field is listed and its annotation twin
     * would only repeat it.
     */
    public static boolean isSyncedSeccompAnnotation(String path) {
        return path.startsWith("metadata.annotations.seccomp.security.alpha.kubernetes.io/")
                || path.startsWith("metadata.annotations.container.seccomp.security.alpha.kubernetes.io/");
    }

    private static Pod pod(ObjectMeta metadata, PodSpec spec) {
        Pod pod = new Pod();
        pod.setMetadata(metadata);
        pod.setSpec(spec);
        return pod;
    }

    private static void diff(String path, JsonNode before, JsonNode after, List<Change> out) {
        if (after == null || after.isNull() || (after.isContainerNode() && after.isEmpty())) {
            return;
        }
        if (before == null || before.isNull() || before.isMissingNode()) {
            if (after.isObject()) {
                after.properties().forEach(e -> diff(path + "." + e.getKey(), null, e.getValue(), out));
            } else {
                out.add(new Change(path.substring(1), after.isTextual() ? after.asText() : after.toString()));
            }
            return;
        }
        if (after.isObject() && before.isObject()) {
            after.properties().forEach(e -> diff(path + "." + e.getKey(), before.get(e.getKey()), e.getValue(),
                    out));
        } else if (after.isArray() && before.isArray() && after.size() == before.size()
                && after.size() > 0 && after.get(0).isObject()) {
            for (int i = 0; i < after.size(); i++) {
                diff(path + "[" + i + "]", before.get(i), after.get(i), out);
            }
        } else if (!after.equals(before) && !sameScalarSet(before, after)) {
            out.add(new Change(path.substring(1), after.isTextual() ? after.asText() : after.toString()));
        }
    }

    /** Lists of scalars (capabilities, groups) that hold the same values in another order are unchanged. */
    private static boolean sameScalarSet(JsonNode before, JsonNode after) {
        if (!before.isArray() || !after.isArray() || before.size() != after.size()) {
            return false;
        }
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        before.forEach(n -> a.add(n.toString()));
        after.forEach(n -> b.add(n.toString()));
        a.sort(null);
        b.sort(null);
        return a.equals(b);
    }
}
