package dev.psp2psa.rego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.psp2psa.cel.CelEvaluator;
import dev.psp2psa.cel.CelPredicate;
import dev.psp2psa.psp.PspRule;
import dev.psp2psa.psp.PspRuleRegistry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Rego of each PSP rule mirrors its CEL twin. One table: per rule, a PSP, pods it admits and pods it rejects.
 * For each row the CEL predicate is executed with dev.cel on the pods (Rego cannot be executed here), and the Rego
 * module translated from that same predicate is checked to hold the same rule set: one {@code violation} with the
 * same message, and, for every construct of the CEL, its Rego form with the same data (every string and number,
 * every field, every {@code all}/{@code exists} as a counted comprehension, every {@code matches} as
 * {@code regex.match}, every {@code startsWith} as {@code startswith}, every {@code in} as {@code psp2psa_in}).
 */
class RegoMirrorTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final CelEvaluator CEL = new CelEvaluator();

    /** One row: a rule, a PSP (YAML under {@code spec:} or a whole document), admitted and rejected pods' containers. */
    record Row(String rule, String psp, List<String> pass, List<String> fail) {
        @Override
        public String toString() {
            return rule;
        }
    }

    static final String OK = "securityContext: {}";

    static Stream<Row> table() {
        return Stream.of(
                new Row("allowPrivilegeEscalation", "spec: {allowPrivilegeEscalation: false}",
                        List.of("securityContext: {allowPrivilegeEscalation: false}"), List.of(OK)),
                new Row("allowedCSIDrivers", "spec: {allowedCSIDrivers: [{name: csi.example.com}]}", List.of(OK),
                        List.of("VOLUME csi: {driver: other.example.com}")),
                new Row("allowedFlexVolumes", "spec: {allowedFlexVolumes: [{driver: example.com/flex}]}", List.of(OK),
                        List.of("VOLUME flexVolume: {driver: other/flex}")),
                new Row("allowedHostPaths", "spec: {allowedHostPaths: [{pathPrefix: /var/log, readOnly: true}, "
                        + "{pathPrefix: /data}]}", List.of("VOLUME hostPath: {path: /data/x}"),
                        List.of("VOLUME hostPath: {path: /etc}", "VOLUME hostPath: {path: /var/log}")),
                new Row("allowedProcMountTypes", "spec: {}", List.of(OK),
                        List.of("securityContext: {procMount: Unmasked}")),
                new Row("appArmor", "metadata: {name: a, annotations: {apparmor.security.beta.kubernetes.io/"
                        + "allowedProfileNames: runtime/default}}\nspec: {}",
                        List.of("securityContext: {appArmorProfile: {type: RuntimeDefault}}"),
                        List.of(OK, "securityContext: {appArmorProfile: {type: Unconfined}}")),
                new Row("capabilities", "spec: {allowedCapabilities: [NET_BIND_SERVICE], requiredDropCapabilities: "
                        + "[ALL]}", List.of("securityContext: {capabilities: {add: [NET_BIND_SERVICE], drop: [ALL]}}"),
                        List.of(OK, "securityContext: {capabilities: {add: [SYS_ADMIN], drop: [ALL]}}")),
                new Row("fsGroup", "spec: {fsGroup: {rule: MustRunAs, ranges: [{min: 1000, max: 2000}]}}",
                        List.of(OK, "POD {fsGroup: 1500}"), List.of("POD {fsGroup: 10}")),
                new Row("hostIPC", "spec: {hostIPC: false}", List.of(OK), List.of("HOST hostIPC")),
                new Row("hostNetwork", "spec: {hostNetwork: false}", List.of(OK), List.of("HOST hostNetwork")),
                new Row("hostPID", "spec: {hostPID: false}", List.of(OK), List.of("HOST hostPID")),
                new Row("hostPorts", "spec: {hostPorts: [{min: 8000, max: 9000}]}",
                        List.of("ports: [{containerPort: 80, hostPort: 8080}]"),
                        List.of("ports: [{containerPort: 80, hostPort: 80}]")),
                new Row("privileged", "spec: {privileged: false}", List.of(OK),
                        List.of("securityContext: {privileged: true}")),
                new Row("readOnlyRootFilesystem", "spec: {readOnlyRootFilesystem: true}",
                        List.of("securityContext: {readOnlyRootFilesystem: true}"), List.of(OK)),
                new Row("runAsGroup", "spec: {runAsGroup: {rule: MayRunAs, ranges: [{min: 1000, max: 2000}]}}",
                        List.of(OK), List.of("securityContext: {runAsGroup: 10}")),
                new Row("runAsUser", "spec: {runAsUser: {rule: MustRunAsNonRoot}}",
                        List.of("securityContext: {runAsNonRoot: true}"),
                        List.of(OK, "securityContext: {runAsUser: 0}")),
                new Row("runtimeClass", "spec: {runtimeClass: {allowedRuntimeClassNames: [gvisor]}}", List.of(OK),
                        List.of("RUNTIME kata")),
                new Row("seLinux", "spec: {seLinux: {rule: MustRunAs, seLinuxOptions: {level: 's0:c1,c2', type: "
                        + "container_t}}}", List.of("POD {seLinuxOptions: {level: 's0:c2,c1', type: container_t}}"),
                        List.of(OK, "POD {seLinuxOptions: {level: 's0:c1', type: container_t}}")),
                new Row("seccomp", "metadata: {name: s, annotations: {seccomp.security.alpha.kubernetes.io/"
                        + "allowedProfileNames: runtime/default, seccomp.security.alpha.kubernetes.io/"
                        + "defaultProfileName: runtime/default}}\nspec: {}",
                        List.of("POD {seccompProfile: {type: RuntimeDefault}}"),
                        List.of(OK, "POD {seccompProfile: {type: Unconfined}}")),
                new Row("supplementalGroups", "spec: {supplementalGroups: {rule: MustRunAs, ranges: [{min: 1, max: "
                        + "65535}]}}", List.of(OK, "POD {supplementalGroups: [5]}"),
                        List.of("POD {supplementalGroups: [0]}")),
                new Row("sysctls", "spec: {allowedUnsafeSysctls: [kernel.msg*], forbiddenSysctls: [kernel.msgmax]}",
                        List.of("POD {sysctls: [{name: kernel.msgmni, value: '1'}]}"),
                        List.of("POD {sysctls: [{name: kernel.msgmax, value: '1'}]}",
                                "POD {sysctls: [{name: net.core.somaxconn, value: '1'}]}")),
                new Row("volumes", "spec: {volumes: [configMap, secret]}", List.of("VOLUME configMap: {name: x}"),
                        List.of("VOLUME emptyDir: {}")));
    }

    static PodSecurityPolicy psp(String yaml) throws Exception {
        String doc = yaml.startsWith("metadata:") ? yaml : "metadata: {name: test}\n" + yaml;
        return YAML.readValue("apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\n" + doc, PodSecurityPolicy.class);
    }

    /** A pod from a row's shorthand: container fields, or POD/HOST/VOLUME/RUNTIME for pod-level fields. */
    static Pod pod(String c) throws Exception {
        String spec;
        if (c.startsWith("POD ")) {
            spec = "  securityContext: " + c.substring(4) + "\n  containers: [{name: c, image: i}]\n";
        } else if (c.startsWith("HOST ")) {
            spec = "  " + c.substring(5) + ": true\n  containers: [{name: c, image: i}]\n";
        } else if (c.startsWith("RUNTIME ")) {
            spec = "  runtimeClassName: " + c.substring(8) + "\n  containers: [{name: c, image: i}]\n";
        } else if (c.startsWith("VOLUME ")) {
            spec = "  volumes: [{name: v, " + c.substring(7) + "}]\n  containers: [{name: c, image: i, "
                    + "volumeMounts: [{name: v, mountPath: /m}]}]\n";
        } else {
            spec = "  containers:\n  - name: c\n    image: i\n" + c.indent(4);
        }
        return YAML.readValue("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n" + spec, Pod.class);
    }

    @Test
    void everyRuleHasARow() {
        Set<String> rows = new TreeSet<>(table().map(Row::rule).toList());
        Set<String> rules = new TreeSet<>(PspRuleRegistry.standard().all().stream().map(PspRule::id).toList());
        assertEquals(rules, rows, "every CEL rule has a row, and so a CEL and a Rego translation checked here");
    }

    @ParameterizedTest
    @MethodSource("table")
    void theRegoOfEachRuleMirrorsItsCelCases(Row row) throws Exception {
        CelPredicate p = PspRuleRegistry.standard().byId(row.rule()).orElseThrow().predicate(psp(row.psp()))
                .orElseThrow();
        for (String c : row.pass()) {
            assertTrue(CEL.evaluate(p.expression(), pod(c)), () -> row.rule() + " admits " + c);
        }
        for (String c : row.fail()) {
            assertFalse(CEL.evaluate(p.expression(), pod(c)), () -> row.rule() + " rejects " + c);
        }
        String message = "psp2psa: " + row.rule() + ": " + p.message();
        String rego = RegoModule.module("psp2psa_test", List.of(new RegoModule.Check(p.expression(), message)));
        assertMirrors(p.expression(), rego);
        assertEquals(1, count(rego, "violation[{\"msg\": msg}] {"), "one violation per validation");
        assertTrue(rego.contains("msg := " + RegoTranslator.string(message)), "the same message");
        assertTrue(rego.contains("not " + RegoModule.validName(1) + "(obj)"));
    }

    @Test
    void aModuleHasOneViolationPerValidationInOrder() {
        String rego = RegoModule.module("p", List.of(new RegoModule.Check("has(object.spec.a)", "A."),
                new RegoModule.Check("!has(object.spec.b)", "B.")));
        assertEquals(2, count(rego, "violation[{\"msg\": msg}]"));
        assertTrue(rego.indexOf("\"A.\"") < rego.indexOf("\"B.\""));
        assertTrue(rego.contains("psp2psa_valid_1(obj) {\n    obj.spec.a != null\n}"), rego);
        assertTrue(rego.contains("psp2psa_valid_2(obj) {\n    not obj.spec.b != null\n}"), rego);
        assertTrue(rego.startsWith("package p\n"));
    }

    @Test
    void booleanStructureTranslatesByPolarity() {
        RegoTranslator t = new RegoTranslator();
        t.predicate("ok", "object.spec.a == 1 && (object.spec.b == 2 || !(object.spec.c < 3))");
        String r = t.rules();
        assertTrue(r.contains("ok(obj) {\n    obj.spec.a == 1\n    psp2psa_any_1(obj)\n}"), r);
        assertTrue(r.contains("psp2psa_any_1(obj) {\n    obj.spec.b == 2\n}\n\npsp2psa_any_1(obj) {\n"
                + "    obj.spec.c >= 3\n}"), r);
        RegoTranslator u = new RegoTranslator();
        u.predicate("ok", "object.spec.l.all(x, x.startsWith('a')) && object.spec.l.exists(y, y.matches('^b$'))");
        String s = u.rules();
        assertTrue(s.contains("count([1 | x_1 := obj.spec.l[_]; not startswith(x_1, \"a\")]) == 0"), s);
        assertTrue(s.contains("count([1 | y_2 := obj.spec.l[_]; regex.match(\"^b$\", y_2)]) > 0"), s);
    }

    @Test
    void constructsOutsideTheSubsetAreRejected() {
        RegoTranslator t = new RegoTranslator();
        assertThrows(IllegalArgumentException.class, () -> t.predicate("x", "object.spec.l.map(x, x) == []"));
        assertThrows(IllegalArgumentException.class, () -> t.predicate("x", "unknown.a == 1"));
    }

    /** Every construct and datum of the CEL has its Rego form in the module. */
    static void assertMirrors(String cel, String rego) {
        List<String> missing = new ArrayList<>();
        int[] comprehensions = {0};
        walk(RegoSyntax.parse(cel), e -> {
            switch (e.getKind()) {
                case CONSTANT -> {
                    CelConstant c = e.constant();
                    String t = switch (c.getKind()) {
                        case STRING_VALUE -> RegoTranslator.string(c.stringValue());
                        case INT64_VALUE -> Long.toString(c.int64Value());
                        default -> "";
                    };
                    if (!rego.contains(t)) {
                        missing.add("constant " + t);
                    }
                }
                case SELECT -> {
                    String f = e.select().field();
                    if (!rego.contains("." + f) && !rego.contains("[" + RegoTranslator.string(f) + "]")) {
                        missing.add("field " + f);
                    }
                }
                case COMPREHENSION -> comprehensions[0]++;
                case CALL -> {
                    String f = e.call().function();
                    String form = switch (f) {
                        case "matches" -> "regex.match(";
                        case "startsWith" -> "startswith(";
                        case "@in" -> "psp2psa_in(";
                        case "size" -> "count(";
                        default -> "";
                    };
                    if (!rego.contains(form)) {
                        missing.add(f + " as " + form);
                    }
                }
                default -> {
                }
            }
        });
        assertTrue(missing.isEmpty(), () -> "the Rego lacks " + missing + "\nCEL:\n" + cel + "\nRego:\n" + rego);
        assertTrue(count(rego, "count([1 | ") >= Math.min(1, comprehensions[0]),
                "every all/exists is a counted comprehension");
        if (comprehensions[0] == 0) {
            assertEquals(0, count(rego, "count([1 | "));
        }
    }

    private static void walk(CelExpr e, java.util.function.Consumer<CelExpr> f) {
        f.accept(e);
        switch (e.getKind()) {
            case SELECT -> walk(e.select().operand(), f);
            case CALL -> {
                e.call().target().ifPresent(t -> walk(t, f));
                e.call().args().forEach(a -> walk(a, f));
            }
            case LIST -> e.list().elements().forEach(a -> walk(a, f));
            case COMPREHENSION -> {
                walk(e.comprehension().iterRange(), f);
                walk(e.comprehension().loopStep(), f);
            }
            default -> {
            }
        }
    }

    static int count(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
