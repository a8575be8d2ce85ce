package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Control characters in input data (YAML escapes decode to them: an SELinux type that clears the screen, an OSC
 * sequence that sets the window title, a bidi override) never reach a terminal or a document raw: every
 * human-facing output shows them escaped.
 */
class TerminalSafetyTest {

    private static final String INPUT = """
            apiVersion: policy/v1beta1
            kind: PodSecurityPolicy
            metadata: {name: odd}
            spec:
              seLinux: {rule: MustRunAs, seLinuxOptions: {type: "spc_t\\e[2J"}}
              runAsUser: {rule: RunAsAny}
              supplementalGroups: {rule: RunAsAny}
              fsGroup: {rule: RunAsAny}
              volumes: ['*']
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: psp-odd}
            rules: [{apiGroups: [policy], resources: [podsecuritypolicies], verbs: [use], resourceNames: [odd]}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: psp-odd}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: psp-odd}
            subjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: 'system:serviceaccounts'}]
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: odd
              namespace: team
              annotations:
                container.apparmor.security.beta.kubernetes.io/app: "localhost/\\e]0;pwned\\a\\u202Egnp.exe"
            spec:
              securityContext:
                seLinuxOptions: {type: "spc_t\\e[2J", user: "\\x9b31m"}
              containers:
              - name: app
                image: "busybox\\r\\e[1A"
            """;

    private static void assertSafe(String where, String text) {
        for (char c : text.toCharArray()) {
            boolean control = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F || (c >= 0x80 && c <= 0x9F)
                    || c == 0x202E;
            assertFalse(control, where + " holds U+" + Integer.toHexString(c) + ": " + text);
        }
    }

    @Test
    void controlCharactersFromInputAreShownEscapedEverywhere(@TempDir Path tmp) throws IOException {
        Path input = tmp.resolve("odd.yaml");
        Files.writeString(input, INPUT);
        boolean shown = false;
        for (List<String> args : List.of(List.of("analyze"), List.of("analyze", "--format", "json"),
                List.of("analyze", "--format", "markdown"),
                List.of("analyze", "--format", "html"), List.of("check", "--level", "restricted"),
                List.of("check", "--level", "baseline", "--format", "json"))) {
            String[] all = Stream.concat(args.stream(), Stream.of("-f", input.toString())).toArray(String[]::new);
            CliRun r = CliRun.run(all);
            assertSafe(args + " stdout", r.out());
            assertSafe(args + " stderr", r.err());
            shown |= r.out().contains("spc_t\\u001B[2J");
        }
        assertTrue(shown, "the value is shown, escaped");

        Path out = tmp.resolve("out");
        CliRun c = CliRun.run("convert", "-f", input.toString(), "-o", out.toString());
        assertEquals(0, c.exitCode(), c.err());
        assertSafe("convert stdout", c.out());
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertSafe(out.relativize(f).toString(), Files.readString(f));
            }
        }
        assertTrue(Files.readString(out.resolve("report.md")).contains("spc_t\\u001B[2J"));

        CliRun bad = CliRun.run("check", "-f", input.toString(), "--level", "\u001b[2Jnope");
        assertEquals(ExitCodes.USAGE, bad.exitCode());
        assertSafe("error line", bad.err());
    }
}
