package dev.psp2psa.inventory;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names the API server accepts, for the kinds psp2psa reads (Kubernetes {@code ValidateObjectMeta} with each
 * kind's name validation): a namespace name is a DNS-1123 label; the names of Roles, ClusterRoles and their bindings
 * are path segments ({@code ValidateRBACName}); a CronJob name is a DNS-1123 subdomain of at most 52 characters (the
 * Jobs it creates add 11); every other kind's name is a DNS-1123 subdomain.
 */
public final class KubernetesNames {

    private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern DNS_LABEL = Pattern.compile(LABEL);
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final int LABEL_MAX = 63;
    private static final int SUBDOMAIN_MAX = 253;
    private static final int CRONJOB_MAX = 52;
    private static final String LABEL_RULE = "at most " + LABEL_MAX + " lowercase letters, digits and '-', starting "
            + "and ending with a letter or digit";

    private KubernetesNames() {
    }

    /** Whether the API server accepts {@code name} as a namespace name. */
    public static boolean isNamespaceName(String name) {
        return name != null && name.length() <= LABEL_MAX && DNS_LABEL.matcher(name).matches();
    }

    /** Why {@code name} cannot be a namespace name, or empty when it can. */
    public static Optional<String> namespaceProblem(String name) {
        return isNamespaceName(name) ? Optional.empty() : Optional.of(LABEL_RULE);
    }

    /** Why the API server rejects {@code name} as the name of a {@code kind}, or empty when it accepts it. */
    public static Optional<String> nameProblem(String kind, String name) {
        switch (kind) {
            case "Namespace":
                return namespaceProblem(name);
            case "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding":
                boolean segment = !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0
                        && name.indexOf('%') < 0;
                return segment ? Optional.empty() : Optional.of("it may not be '.' or '..' and may not contain '/' or "
                        + "'%'");
            default:
                int max = kind.equals("CronJob") ? CRONJOB_MAX : SUBDOMAIN_MAX;
                boolean valid = name.length() <= max && DNS_SUBDOMAIN.matcher(name).matches();
                return valid ? Optional.empty() : Optional.of("at most " + max + " lowercase letters, digits, '-' "
                        + "and '.', starting and ending with a letter or digit"
                        + (max == CRONJOB_MAX ? " (the Jobs a CronJob creates add 11 characters to its name)" : ""));
        }
    }

    /** A name as messages quote it: clipped, with characters that would break the line escaped. */
    public static String quote(String name) {
        String s = name.length() <= 64 ? name : name.substring(0, 61) + "...";
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029) {
                sb.append(String.format("\\u%04X", (int) c));
            } else if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
