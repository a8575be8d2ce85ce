package dev.psp2psa.inventory;

import java.util.List;
import java.util.Locale;

/**
 * Opt-in hardening that PSP never had (DESIGN §5), read from {@code --hardening FILE}: each rule with the namespaces
 * it applies to ({@code *} for every labelled namespace) and its parameters.
 */
public record Hardening(List<Rule> rules) {

    public Hardening {
        rules = List.copyOf(rules);
    }

    /** The hardening rules psp2psa knows, by the key that names them in the file. */
    public enum Kind {
        /** Images must come from one of the listed registries (prefixes such as {@code ghcr.io/example/}). */
        TRUSTED_REGISTRIES("trustedRegistries"),
        /** Images must name a tag other than {@code latest}, or a digest. */
        DISALLOW_LATEST_TAG("disallowLatestTag"),
        /** Images must be pinned by digest ({@code @sha256:...}). */
        REQUIRE_IMAGE_DIGESTS("requireImageDigests"),
        /** Every container must set {@code securityContext.readOnlyRootFilesystem: true}. */
        READ_ONLY_ROOT_FILESYSTEM("readOnlyRootFilesystem"),
        /** Every container and init container must set the listed resource limits (default cpu and memory). */
        REQUIRE_RESOURCE_LIMITS("requireResourceLimits"),
        /** Pods must set {@code automountServiceAccountToken: false}. */
        NO_SERVICE_ACCOUNT_TOKEN("disableServiceAccountTokenAutomount");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        /** The DNS-1123 form used in policy names. */
        public String dnsName() {
            return key.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        }

        public static java.util.Optional<Kind> byKey(String key) {
            for (Kind k : values()) {
                if (k.key.equals(key)) {
                    return java.util.Optional.of(k);
                }
            }
            return java.util.Optional.empty();
        }
    }

    /** One rule: its kind, the namespaces ({@code *} for all labelled ones) and its values (registries, resources). */
    public record Rule(Kind kind, List<String> namespaces, List<String> values) {

        public Rule {
            namespaces = List.copyOf(namespaces);
            values = List.copyOf(values);
        }
    }
}
