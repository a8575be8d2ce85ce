package dev.psp2psa.policy;

import dev.psp2psa.cel.AdmissionEvaluator;
import dev.psp2psa.cel.PodCel;
import dev.psp2psa.rbac.RbacSubject;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The opt-in guard of the PSA labels ({@code convert --guard-labels}): only the label admins may create a Namespace
 * that carries a {@code pod-security.kubernetes.io/*} label, or add, change or remove such a label on one; every
 * other request on Namespaces passes. PSA enforces what those labels say, so whoever may change them may switch
 * enforcement off for a namespace; RBAC cannot say "labels of this prefix only", an admission policy can.
 *
 * <p>{@code expression} is one CEL predicate over the admission variables {@code object}, {@code oldObject} and
 * {@code request}, true when the request is allowed, and null-safe: every field that a request may lack
 * ({@code request.operation}, {@code request.userInfo.username} and {@code groups}, {@code metadata.labels}) is read
 * behind {@code has()}, so that an audit without a request (Gatekeeper audit) finds nothing to deny, and Rego
 * translated from it sees no undefined value where CEL had one. A request is the admins' when its
 * {@code userInfo.username} is a user admin's name or {@code system:serviceaccount:NS:NAME} of a service account
 * admin, or when one of its {@code userInfo.groups} is a group admin.
 *
 * @param name       the policy's name in every engine (DNS-1123)
 * @param admins     the label admins, sorted
 * @param expression the CEL predicate, true when the request is allowed
 * @param message    the one-sentence message of a denial, naming the admins
 */
public record LabelGuard(String name, List<RbacSubject> admins, String expression, String message) {

    /** The name of the guard in every engine. */
    public static final String NAME = "psp2psa-guard-pod-security-labels";
    /** The prefix of the labels the guard keeps to the admins. */
    public static final String PREFIX = "pod-security.kubernetes.io/";

    private static final String LABELS = ".metadata.labels";
    private static final String OBJECT = PodCel.OBJECT;
    private static final String OLD = AdmissionEvaluator.OLD_OBJECT;
    private static final String REQUEST = AdmissionEvaluator.REQUEST;

    public LabelGuard {
        admins = List.copyOf(new TreeSet<>(admins));
        if (admins.isEmpty()) {
            throw new IllegalArgumentException("a label guard needs at least one label admin.");
        }
    }

    /** The guard that keeps the PSA labels to these admins. */
    public static LabelGuard of(List<RbacSubject> admins) {
        List<RbacSubject> sorted = List.copyOf(new TreeSet<>(admins));
        return new LabelGuard(NAME, sorted, expression(sorted), message(sorted));
    }

    /** The user name a request of the subject carries (users and service accounts), or null for a group. */
    public static String username(RbacSubject s) {
        return switch (s.kind()) {
            case RbacSubject.USER -> s.name();
            case RbacSubject.SERVICE_ACCOUNT -> RbacSubject.SERVICE_ACCOUNT_USER_PREFIX + s.namespace() + ":"
                    + s.name();
            default -> null;
        };
    }

    /** The admins as written on the command line: {@code group:ops,user:alice,serviceaccount:argocd:argocd}. */
    public String refs() {
        return admins.stream().map(s -> switch (s.kind()) {
            case RbacSubject.USER -> "user:" + s.name();
            case RbacSubject.GROUP -> "group:" + s.name();
            default -> "serviceaccount:" + s.namespace() + ":" + s.name();
        }).collect(Collectors.joining(","));
    }

    static String message(List<RbacSubject> admins) {
        String who = admins.stream().map(RbacSubject::display).collect(Collectors.joining(", "));
        // Without single quotes, the message is a CEL string literal without escapes.
        return ("psp2psa: only the label admins (" + who + ") may create a Namespace with " + PREFIX + "* labels or "
                + "add, change or remove such a label.").replace("'", "");
    }

    /** {@code byAdmin || !(labelChange)}: the admins may do anything, the others no PSA label change. */
    static String expression(List<RbacSubject> admins) {
        List<String> allowed = new ArrayList<>();
        TreeSet<String> users = new TreeSet<>();
        TreeSet<String> groups = new TreeSet<>();
        for (RbacSubject s : admins) {
            String user = username(s);
            if (user != null) {
                users.add(user);
            } else {
                groups.add(s.name());
            }
        }
        if (!users.isEmpty()) {
            allowed.add("(has(" + REQUEST + ".userInfo.username) && "
                    + PodCel.in(REQUEST + ".userInfo.username", users) + ")");
        }
        if (!groups.isEmpty()) {
            allowed.add("(has(" + REQUEST + ".userInfo.groups) && " + REQUEST + ".userInfo.groups.exists(g, "
                    + PodCel.in("g", groups) + "))");
        }
        allowed.add("!(\n" + PodCel.indent(labelChange()) + "\n)");
        return String.join("\n|| ", allowed);
    }

    /**
     * Whether the request creates a Namespace with a PSA label, or updates one so that its PSA labels (keys and
     * values) differ: a key of the new labels that the old ones lack or hold with another value, or a key of the old
     * labels that the new ones lack.
     */
    static String labelChange() {
        String prefix = PodCel.lit(PREFIX);
        String created = "has(" + OBJECT + LABELS + ") && " + OBJECT + LABELS + ".exists(k, k.startsWith(" + prefix
                + "))";
        String addedOrChanged = "has(" + OBJECT + LABELS + ") && " + OBJECT + LABELS + ".exists(k, k.startsWith("
                + prefix + ") && !(has(" + OLD + LABELS + ") && k in " + OLD + LABELS + " && " + OLD + LABELS
                + "[k] == " + OBJECT + LABELS + "[k]))";
        String removed = "has(" + OLD + LABELS + ") && " + OLD + LABELS + ".exists(k, k.startsWith(" + prefix
                + ") && !(has(" + OBJECT + LABELS + ") && k in " + OBJECT + LABELS + "))";
        return "has(" + REQUEST + ".operation) && (\n"
                + "  (" + REQUEST + ".operation == 'CREATE' && " + created + ")\n"
                + "  || (" + REQUEST + ".operation == 'UPDATE' && ((" + addedOrChanged + ") || (" + removed + ")))\n"
                + ")";
    }
}
