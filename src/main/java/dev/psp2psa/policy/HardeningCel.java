package dev.psp2psa.policy;

import dev.psp2psa.cel.CelPredicate;
import dev.psp2psa.cel.PodCel;
import dev.psp2psa.inventory.Hardening;
import java.util.List;
import java.util.stream.Collectors;

/** The CEL predicate of each hardening rule, over the pod as submitted, null-safe like the PSP rules'. */
public final class HardeningCel {

    private HardeningCel() {
    }

    private static final String IMAGE = PodCel.orElse("''", "c", "image");

    public static CelPredicate predicate(Hardening.Rule rule) {
        return switch (rule.kind()) {
            case TRUSTED_REGISTRIES -> CelPredicate.exact(PodCel.allContainers(rule.values().isEmpty() ? "false"
                    : rule.values().stream().sorted().map(r -> IMAGE + ".startsWith(" + PodCel.lit(r) + ")")
                            .collect(Collectors.joining(" || ", "(", ")"))),
                    "Every image must come from one of the trusted registries " + String.join(", ",
                            rule.values().stream().sorted().toList()) + ".");
            case DISALLOW_LATEST_TAG -> CelPredicate.exact(PodCel.allContainers("(" + IMAGE + ".contains('@') || ("
                    + IMAGE + ".matches(':[^/:@]+$') && !" + IMAGE + ".endsWith(':latest')))"),
                    "Every image must name a tag other than latest, or a digest.");
            case REQUIRE_IMAGE_DIGESTS -> CelPredicate.exact(PodCel.allContainers(IMAGE + ".contains('@sha256:')"),
                    "Every image must be pinned by digest (image@sha256:...).");
            case READ_ONLY_ROOT_FILESYSTEM -> CelPredicate.exact(PodCel.allContainers(
                    PodCel.isTrue("c", "securityContext", "readOnlyRootFilesystem")),
                    "Every container must set securityContext.readOnlyRootFilesystem: true.");
            case REQUIRE_RESOURCE_LIMITS -> {
                List<String> resources = rule.values().isEmpty() ? List.of("cpu", "memory")
                        : rule.values().stream().sorted().toList();
                String limits = resources.stream().map(r -> PodCel.lit(r) + " in c.resources.limits")
                        .collect(Collectors.joining(" && "));
                String each = "(has(c.resources) && has(c.resources.limits) && " + limits + ")";
                yield CelPredicate.exact("(" + PodCel.listOrEmpty(PodCel.SPEC, "initContainers") + " + "
                        + PodCel.listOrEmpty(PodCel.SPEC, "containers") + ").all(c, " + each + ")",
                        "Every container and init container must set resources.limits for " + String.join(", ",
                                resources) + ".");
            }
            case NO_SERVICE_ACCOUNT_TOKEN -> CelPredicate.exact("has(" + PodCel.SPEC
                    + ".automountServiceAccountToken) && " + PodCel.SPEC + ".automountServiceAccountToken == false",
                    "Pods must set automountServiceAccountToken: false.");
        };
    }
}
