import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;

/**
 * Writes a synthetic cluster as {@code kubectl get -o json} would: one {@code kind: List} JSON file per
 * group of kinds (namespaces.json, psps.json, rbac.json, workloads.json, and pods-NNN.json of 25,000 pods
 * each, since psp2psa refuses files over 256 MiB) in OUT_DIR.
 * Deterministic from the seed; streamed object by object (no in-memory tree).
 *
 * <pre>java bench/Generate.java OUT_DIR [--scale 1.0] [--seed 42]</pre>
 *
 * Scale 1.0: 5,000 namespaces, 200 PSPs, 50,000 RBAC objects, 200,000 pods, 10,000 Deployments,
 * 250 DaemonSets, 5,000 ServiceAccounts.
 */
public class Generate {

    /** Minimal streaming JSON writer (commas handled by a stack of "first element" flags). */
    static final class Json {
        private final BufferedWriter w;
        private final Deque<boolean[]> first = new ArrayDeque<>();
        private boolean afterKey;

        Json(BufferedWriter w) { this.w = w; }

        private void sep() throws IOException {
            if (afterKey) { afterKey = false; return; }
            boolean[] f = first.peek();
            if (f != null) { if (!f[0]) w.write(','); f[0] = false; }
        }
        Json obj() throws IOException { sep(); w.write('{'); first.push(new boolean[] {true}); return this; }
        Json arr() throws IOException { sep(); w.write('['); first.push(new boolean[] {true}); return this; }
        Json endObj() throws IOException { first.pop(); w.write('}'); return this; }
        Json endArr() throws IOException { first.pop(); w.write(']'); return this; }
        Json key(String k) throws IOException { sep(); w.write('"'); w.write(k); w.write("\":"); afterKey = true; return this; }
        Json str(String v) throws IOException { sep(); w.write('"'); w.write(v); w.write('"'); return this; }
        Json num(long v) throws IOException { sep(); w.write(Long.toString(v)); return this; }
        Json bool(boolean v) throws IOException { sep(); w.write(v ? "true" : "false"); return this; }
        Json nul() throws IOException { sep(); w.write("null"); return this; }
        Json s(String k, String v) throws IOException { return key(k).str(v); }
        Json n(String k, long v) throws IOException { return key(k).num(v); }
        Json b(String k, boolean v) throws IOException { return key(k).bool(v); }
        Json o(String k) throws IOException { return key(k).obj(); }
        Json a(String k) throws IOException { return key(k).arr(); }
        Json strs(String k, String... vs) throws IOException { a(k); for (String v : vs) str(v); return endArr(); }
        void raw(String s) throws IOException { w.write(s); }
    }

    static final String[] TEAMS = {"payments", "shop", "search", "data", "ml", "platform", "identity", "ads",
        "media", "billing", "growth", "infra", "mobile", "web", "risk", "ledger"};
    static final String[] APPS = {"api", "worker", "frontend", "gateway", "scheduler", "indexer", "cache",
        "consumer", "exporter", "sync", "proxy", "backend"};
    static final String[] IMAGES = {"registry.example.com/%s/%s:1.%d.%d", "ghcr.io/example/%s-%s:v2.%d.%d",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/%s/%s:release-%d.%d"};

    /** Pods per file: about 130 MB, under psp2psa's 256 MiB per-file input limit (as a per-chunk export). */
    static final int PODS_PER_FILE = 25000;

    final Random rnd;
    final double scale;
    final int namespaces, psps, rbac, pods, deployments, daemonSets;
    final String[] pspNames;
    final int[] pspKind; // 0 privileged, 1 baseline, 2 restricted
    final String ts = "2024-03-14T09:26:53Z";

    Generate(double scale, long seed) {
        this.scale = scale;
        this.rnd = new Random(seed);
        namespaces = Math.max(4, (int) Math.round(5000 * scale));
        psps = Math.max(3, (int) Math.round(200 * scale));
        rbac = Math.max(20, (int) Math.round(50000 * scale));
        pods = Math.max(10, (int) Math.round(200000 * scale));
        deployments = Math.max(2, (int) Math.round(10000 * scale));
        daemonSets = Math.max(1, (int) Math.round(250 * scale));
        pspNames = new String[psps];
        pspKind = new int[psps];
        for (int i = 0; i < psps; i++) {
            int k = i % 10 == 0 ? 0 : (i % 10 < 5 ? 1 : 2);
            pspKind[i] = k;
            pspNames[i] = (k == 0 ? "privileged" : k == 1 ? "baseline" : "restricted") + "-" + String.format("%03d", i);
        }
    }

    String ns(int i) { return TEAMS[i % TEAMS.length] + "-" + String.format("%05d", i); }
    String hex(int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) sb.append("0123456789abcdef".charAt(rnd.nextInt(16)));
        return sb.toString();
    }
    String alnum(int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) sb.append("bcdfghjklmnpqrstvwxz2456789".charAt(rnd.nextInt(27)));
        return sb.toString();
    }
    String uid() { return hex(8) + "-" + hex(4) + "-" + hex(4) + "-" + hex(4) + "-" + hex(12); }
    /** The PSP a namespace is mostly granted: restricted for most, baseline for many, privileged for a few. */
    int nsPsp(int nsIdx) {
        int r = Math.floorMod(nsIdx * 7919, 100);
        int wantKind = r < 5 ? 0 : r < 40 ? 1 : 2;
        for (int j = 0; j < psps; j++) {
            int c = Math.floorMod(nsIdx + j, psps);
            if (pspKind[c] == wantKind) return c;
        }
        return Math.floorMod(nsIdx, psps);
    }

    Json open(Path dir, String file) throws IOException {
        BufferedWriter bw = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(dir.resolve(file)),
            StandardCharsets.UTF_8), 1 << 16);
        Json j = new Json(bw);
        j.obj().s("apiVersion", "v1").a("items");
        return j;
    }
    void close(Json j) throws IOException {
        j.endArr().s("kind", "List").o("metadata").s("resourceVersion", "").endObj().endObj();
        j.raw("\n");
        j.w.close();
    }

    void meta(Json j, String name, String namespace) throws IOException {
        j.o("metadata");
        j.s("creationTimestamp", ts);
        j.s("name", name);
        if (namespace != null) j.s("namespace", namespace);
        j.s("resourceVersion", Integer.toString(1000000 + rnd.nextInt(90000000)));
        j.s("uid", uid());
    }

    // ---- namespaces and service accounts ------------------------------------------------------
    void namespaces(Path dir) throws IOException {
        Json j = open(dir, "namespaces.json");
        for (int i = 0; i < namespaces; i++) {
            j.obj().s("apiVersion", "v1").s("kind", "Namespace");
            meta(j, ns(i), null);
            j.o("labels").s("kubernetes.io/metadata.name", ns(i)).s("team", TEAMS[i % TEAMS.length])
                .s("cost-center", "cc-" + (1000 + i % 300)).endObj();
            j.o("annotations").s("example.com/owner", TEAMS[i % TEAMS.length] + "@example.com").endObj();
            j.endObj();
            j.o("spec").strs("finalizers", "kubernetes").endObj();
            j.o("status").s("phase", "Active").endObj();
            j.endObj();
        }
        for (int i = 0; i < namespaces; i++) {
            j.obj().s("apiVersion", "v1").s("kind", "ServiceAccount");
            meta(j, "app", ns(i));
            j.o("labels").s("app.kubernetes.io/managed-by", "Helm").endObj().endObj();
            j.endObj();
        }
        close(j);
    }

    // ---- PSPs ---------------------------------------------------------------------------------
    void psps(Path dir) throws IOException {
        Json j = open(dir, "psps.json");
        for (int i = 0; i < psps; i++) {
            int k = pspKind[i];
            j.obj().s("apiVersion", "policy/v1beta1").s("kind", "PodSecurityPolicy");
            meta(j, pspNames[i], null);
            j.o("annotations");
            if (k == 0) {
                j.s("seccomp.security.alpha.kubernetes.io/allowedProfileNames", "*");
            } else {
                j.s("seccomp.security.alpha.kubernetes.io/allowedProfileNames", "runtime/default,docker/default");
                j.s("seccomp.security.alpha.kubernetes.io/defaultProfileName", "runtime/default");
                j.s("apparmor.security.beta.kubernetes.io/allowedProfileNames", "runtime/default");
                j.s("apparmor.security.beta.kubernetes.io/defaultProfileName", "runtime/default");
            }
            j.s("kubectl.kubernetes.io/last-applied-configuration", "{\\\"apiVersion\\\":\\\"policy/v1beta1\\\",\\\"kind\\\":\\\"PodSecurityPolicy\\\"}");
            j.endObj();
            j.o("labels").s("app.kubernetes.io/part-of", "psp-bundle").endObj();
            j.endObj();
            j.o("spec");
            if (k == 0) {
                j.b("privileged", true).b("allowPrivilegeEscalation", true).strs("allowedCapabilities", "*")
                    .strs("volumes", "*").b("hostNetwork", true).b("hostIPC", true).b("hostPID", true);
                j.a("hostPorts").obj().n("min", 0).n("max", 65535).endObj().endArr();
                j.o("runAsUser").s("rule", "RunAsAny").endObj();
                j.o("seLinux").s("rule", "RunAsAny").endObj();
                j.o("supplementalGroups").s("rule", "RunAsAny").endObj();
                j.o("fsGroup").s("rule", "RunAsAny").endObj();
            } else if (k == 1) {
                j.b("privileged", false).b("allowPrivilegeEscalation", true);
                j.strs("allowedCapabilities", "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",
                    "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
                j.strs("volumes", "configMap", "downwardAPI", "emptyDir", "persistentVolumeClaim", "secret",
                    "projected", "ephemeral", "csi");
                j.b("hostNetwork", false).b("hostIPC", false).b("hostPID", false);
                if (i % 3 == 0) j.a("allowedHostPaths").obj().s("pathPrefix", "/var/log").b("readOnly", true).endObj().endArr();
                j.o("runAsUser").s("rule", "RunAsAny").endObj();
                if (i % 2 == 0) j.o("seLinux").s("rule", "RunAsAny").endObj();
                else j.o("seLinux").s("rule", "MustRunAs").o("seLinuxOptions").s("level", "s0:c" + i + ",c" + (i + 1)).endObj().endObj();
                j.o("supplementalGroups").s("rule", "RunAsAny").endObj();
                j.o("fsGroup").s("rule", "RunAsAny").endObj();
                j.b("readOnlyRootFilesystem", false);
            } else {
                j.b("privileged", false).b("allowPrivilegeEscalation", false).strs("requiredDropCapabilities", "ALL");
                j.strs("volumes", "configMap", "emptyDir", "projected", "secret", "downwardAPI", "persistentVolumeClaim");
                j.b("hostNetwork", false).b("hostIPC", false).b("hostPID", false);
                j.o("runAsUser").s("rule", "MustRunAsNonRoot").endObj();
                j.o("seLinux").s("rule", "RunAsAny").endObj();
                j.o("supplementalGroups").s("rule", "MustRunAs").a("ranges").obj().n("min", 1).n("max", 65535).endObj().endArr().endObj();
                j.o("fsGroup").s("rule", "MustRunAs").a("ranges").obj().n("min", 1).n("max", 65535).endObj().endArr().endObj();
                j.b("readOnlyRootFilesystem", i % 4 == 0);
            }
            j.endObj().endObj();
        }
        close(j);
    }

    // ---- RBAC -----------------------------------------------------------------------------------
    void subject(Json j, int nsIdx) throws IOException {
        int r = rnd.nextInt(10);
        j.obj();
        if (r < 6) j.s("kind", "ServiceAccount").s("name", r < 3 ? "default" : "app").s("namespace", ns(nsIdx));
        else if (r < 8) j.s("apiGroup", "rbac.authorization.k8s.io").s("kind", "Group").s("name", "system:serviceaccounts:" + ns(nsIdx));
        else j.s("apiGroup", "rbac.authorization.k8s.io").s("kind", "User").s("name", "user" + rnd.nextInt(20000) + "@example.com");
        j.endObj();
    }

    void rbac(Path dir) throws IOException {
        Json j = open(dir, "rbac.json");
        int written = 0;
        // one ClusterRole per PSP
        for (int i = 0; i < psps; i++, written++) {
            j.obj().s("apiVersion", "rbac.authorization.k8s.io/v1").s("kind", "ClusterRole");
            meta(j, "psp:" + pspNames[i], null);
            j.endObj();
            j.a("rules").obj().strs("apiGroups", "policy").strs("resources", "podsecuritypolicies").strs("verbs", "use")
                .strs("resourceNames", pspNames[i]).endObj().endArr();
            j.endObj();
        }
        // some unrelated ClusterRoles
        int otherCr = Math.max(1, rbac / 200);
        for (int i = 0; i < otherCr; i++, written++) {
            j.obj().s("apiVersion", "rbac.authorization.k8s.io/v1").s("kind", "ClusterRole");
            meta(j, "reader-" + i, null);
            j.o("labels").s("rbac.example.com/aggregate-to-view", "true").endObj().endObj();
            j.a("rules");
            j.obj().strs("apiGroups", "", "apps").strs("resources", "pods", "deployments", "configmaps", "services")
                .strs("verbs", "get", "list", "watch").endObj();
            j.obj().strs("apiGroups", "batch").strs("resources", "jobs", "cronjobs").strs("verbs", "get", "list").endObj();
            j.endArr().endObj();
        }
        // ClusterRoleBindings: a few cluster-wide PSP grants (system nodes, CI users, group grants)
        int crb = Math.max(2, rbac / 100);
        for (int i = 0; i < crb; i++, written++) {
            j.obj().s("apiVersion", "rbac.authorization.k8s.io/v1").s("kind", "ClusterRoleBinding");
            meta(j, "crb-" + i, null);
            j.endObj();
            boolean psp = i % 5 == 0;
            String role = psp ? "psp:" + pspNames[i % psps] : "reader-" + (i % otherCr);
            j.o("roleRef").s("apiGroup", "rbac.authorization.k8s.io").s("kind", "ClusterRole").s("name", role).endObj();
            j.a("subjects");
            if (i == 0) j.obj().s("apiGroup", "rbac.authorization.k8s.io").s("kind", "Group").s("name", "system:nodes").endObj();
            else subject(j, rnd.nextInt(namespaces));
            j.endArr().endObj();
        }
        // the rest: per namespace, a Role granting `use` on a PSP and RoleBindings to ClusterRoles/Roles
        int nsIdx = 0, roleNs = -1;
        while (written < rbac) {
            int p = nsPsp(nsIdx);
            if (nsIdx < namespaces && roleNs != nsIdx) {
                roleNs = nsIdx;
                j.obj().s("apiVersion", "rbac.authorization.k8s.io/v1").s("kind", "Role");
                meta(j, "psp-use", ns(nsIdx));
                j.endObj();
                j.a("rules").obj().strs("apiGroups", "policy", "extensions").strs("resources", "podsecuritypolicies")
                    .strs("verbs", "use").strs("resourceNames", pspNames[p]).endObj()
                    .obj().strs("apiGroups", "").strs("resources", "configmaps").strs("verbs", "get", "list").endObj().endArr();
                j.endObj();
            } else {
                int ni = nsIdx % namespaces;
                j.obj().s("apiVersion", "rbac.authorization.k8s.io/v1").s("kind", "RoleBinding");
                meta(j, "rb-" + written, ns(ni));
                j.endObj();
                int r = rnd.nextInt(4);
                if (r == 0) j.o("roleRef").s("apiGroup", "rbac.authorization.k8s.io").s("kind", "Role").s("name", "psp-use").endObj();
                else if (r == 1) j.o("roleRef").s("apiGroup", "rbac.authorization.k8s.io").s("kind", "ClusterRole").s("name", "psp:" + pspNames[nsPsp(ni)]).endObj();
                else j.o("roleRef").s("apiGroup", "rbac.authorization.k8s.io").s("kind", "ClusterRole").s("name", "reader-" + rnd.nextInt(otherCr)).endObj();
                j.a("subjects");
                int n = 1 + rnd.nextInt(3);
                for (int s = 0; s < n; s++) subject(j, ni);
                j.endArr().endObj();
            }
            written++;
            if (written % 10 == 0) nsIdx++;
        }
        close(j);
    }

    // ---- pod specs ------------------------------------------------------------------------------
    /** profile: 0 privileged, 1 baseline-ish (nothing set), 2 restricted. */
    void container(Json j, String name, String image, int profile, boolean main) throws IOException {
        j.obj().s("name", name).s("image", image).s("imagePullPolicy", "IfNotPresent");
        if (main) j.strs("args", "--port=8080", "--log-level=info", "--config=/etc/app/config.yaml");
        j.a("env");
        int envs = main ? 4 + rnd.nextInt(6) : 2;
        for (int e = 0; e < envs; e++) j.obj().s("name", "APP_SETTING_" + e).s("value", alnum(12)).endObj();
        j.obj().s("name", "POD_NAME").o("valueFrom").o("fieldRef").s("apiVersion", "v1").s("fieldPath", "metadata.name").endObj().endObj().endObj();
        if (main) j.obj().s("name", "DB_PASSWORD").o("valueFrom").o("secretKeyRef").s("name", "db").s("key", "password").endObj().endObj().endObj();
        j.endArr();
        if (main) {
            j.a("ports").obj().s("name", "http").n("containerPort", 8080).s("protocol", "TCP").endObj()
                .obj().s("name", "metrics").n("containerPort", 9090).s("protocol", "TCP").endObj().endArr();
            j.o("readinessProbe").o("httpGet").s("path", "/healthz").s("port", "http").s("scheme", "HTTP").endObj()
                .n("periodSeconds", 10).n("timeoutSeconds", 1).n("successThreshold", 1).n("failureThreshold", 3).endObj();
        }
        j.o("resources").o("limits").s("cpu", main ? "1" : "200m").s("memory", main ? "512Mi" : "128Mi").endObj()
            .o("requests").s("cpu", main ? "250m" : "50m").s("memory", main ? "256Mi" : "64Mi").endObj().endObj();
        if (profile == 0) {
            j.o("securityContext").b("privileged", true).o("capabilities").strs("add", "NET_ADMIN", "SYS_ADMIN").endObj().endObj();
        } else if (profile == 2) {
            j.o("securityContext").b("allowPrivilegeEscalation", false).o("capabilities").strs("drop", "ALL").endObj()
                .b("readOnlyRootFilesystem", rnd.nextBoolean()).b("runAsNonRoot", true).n("runAsUser", 10001)
                .o("seccompProfile").s("type", "RuntimeDefault").endObj().endObj();
        } else if (rnd.nextInt(3) == 0) {
            j.o("securityContext").o("capabilities").strs("add", "NET_BIND_SERVICE").endObj().endObj();
        }
        j.s("terminationMessagePath", "/dev/termination-log").s("terminationMessagePolicy", "File");
        j.a("volumeMounts");
        if (main) j.obj().s("name", "config").s("mountPath", "/etc/app").b("readOnly", true).endObj();
        j.obj().s("name", "tmp").s("mountPath", "/tmp").endObj();
        j.obj().s("name", "kube-api-access").s("mountPath", "/var/run/secrets/kubernetes.io/serviceaccount").b("readOnly", true).endObj();
        if (profile == 0) j.obj().s("name", "host-logs").s("mountPath", "/host/var/log").endObj();
        j.endArr();
        j.endObj();
    }

    void podSpec(Json j, String team, String app, int profile, String nodeName) throws IOException {
        j.o("spec");
        j.s("serviceAccountName", profile == 0 ? "default" : "app").s("serviceAccount", profile == 0 ? "default" : "app");
        if (profile == 0) j.b("hostNetwork", true).b("hostPID", rnd.nextBoolean());
        if (profile == 2 || rnd.nextInt(4) == 0) {
            j.o("securityContext").b("runAsNonRoot", true).n("runAsUser", 10001).n("runAsGroup", 10001).n("fsGroup", 2000)
                .o("seccompProfile").s("type", "RuntimeDefault").endObj().endObj();
        } else {
            j.o("securityContext").endObj();
        }
        j.a("containers");
        String v = (1 + rnd.nextInt(30)) + "." + rnd.nextInt(20);
        container(j, app, String.format(IMAGES[rnd.nextInt(IMAGES.length)], team, app, rnd.nextInt(40), rnd.nextInt(10)), profile, true);
        container(j, "envoy", "docker.io/envoyproxy/envoy:v1." + (20 + rnd.nextInt(10)) + ".2", profile == 0 ? 1 : profile, false);
        if (rnd.nextInt(3) == 0) container(j, "log-shipper", "docker.io/fluent/fluent-bit:2." + rnd.nextInt(3) + ".0", profile, false);
        j.endArr();
        j.a("volumes");
        j.obj().s("name", "config").o("configMap").s("name", app + "-config").n("defaultMode", 420).endObj().endObj();
        j.obj().s("name", "tmp").o("emptyDir").endObj().endObj();
        j.obj().s("name", "tls").o("secret").s("secretName", app + "-tls").n("defaultMode", 420).endObj().endObj();
        j.obj().s("name", "kube-api-access").o("projected").n("defaultMode", 420).a("sources")
            .obj().o("serviceAccountToken").n("expirationSeconds", 3607).s("path", "token").endObj().endObj()
            .obj().o("configMap").s("name", "kube-root-ca.crt").a("items").obj().s("key", "ca.crt").s("path", "ca.crt").endObj().endArr().endObj().endObj()
            .obj().o("downwardAPI").a("items").obj().o("fieldRef").s("apiVersion", "v1").s("fieldPath", "metadata.namespace").endObj().s("path", "namespace").endObj().endArr().endObj().endObj()
            .endArr().endObj().endObj();
        if (profile == 0) j.obj().s("name", "host-logs").o("hostPath").s("path", "/var/log").s("type", "Directory").endObj().endObj();
        j.endArr();
        j.s("restartPolicy", "Always").n("terminationGracePeriodSeconds", 30).s("dnsPolicy", "ClusterFirst")
            .s("schedulerName", "default-scheduler").b("enableServiceLinks", true).s("preemptionPolicy", "PreemptLowerPriority")
            .n("priority", 0);
        if (nodeName != null) j.s("nodeName", nodeName);
        j.a("tolerations")
            .obj().s("effect", "NoExecute").s("key", "node.kubernetes.io/not-ready").s("operator", "Exists").n("tolerationSeconds", 300).endObj()
            .obj().s("effect", "NoExecute").s("key", "node.kubernetes.io/unreachable").s("operator", "Exists").n("tolerationSeconds", 300).endObj()
            .endArr();
        j.endObj();
    }

    int profileFor(int nsIdx) {
        int k = pspKind[nsPsp(nsIdx)];
        if (k == 0) return rnd.nextInt(3) == 0 ? 0 : 1;
        if (k == 1) return rnd.nextInt(4) == 0 ? 2 : 1;
        return 2;
    }

    // ---- workloads ----------------------------------------------------------------------------
    void workloads(Path dir) throws IOException {
        Json j = open(dir, "workloads.json");
        for (int i = 0; i < deployments; i++) {
            int ni = i % namespaces;
            String team = TEAMS[ni % TEAMS.length], app = APPS[(i / namespaces) % APPS.length] + (i / namespaces >= APPS.length ? "-" + i : "");
            j.obj().s("apiVersion", "apps/v1").s("kind", "Deployment");
            meta(j, app, ns(ni));
            j.n("generation", 1 + rnd.nextInt(20));
            j.o("labels").s("app.kubernetes.io/name", app).s("app.kubernetes.io/part-of", team).endObj();
            j.o("annotations").s("deployment.kubernetes.io/revision", Integer.toString(1 + rnd.nextInt(30))).endObj();
            j.endObj();
            j.o("spec").n("replicas", 2 + rnd.nextInt(4)).n("revisionHistoryLimit", 10).n("progressDeadlineSeconds", 600);
            j.o("selector").o("matchLabels").s("app.kubernetes.io/name", app).endObj().endObj();
            j.o("strategy").s("type", "RollingUpdate").o("rollingUpdate").s("maxSurge", "25%").s("maxUnavailable", "25%").endObj().endObj();
            j.o("template").o("metadata").o("labels").s("app.kubernetes.io/name", app).s("app.kubernetes.io/part-of", team).endObj()
                .o("annotations").s("prometheus.io/scrape", "true").s("prometheus.io/port", "9090").endObj().endObj();
            podSpec(j, team, app, profileFor(ni), null);
            j.endObj().endObj();
            j.o("status").n("observedGeneration", 1).n("replicas", 3).n("readyReplicas", 3).n("availableReplicas", 3).n("updatedReplicas", 3).endObj();
            j.endObj();
        }
        for (int i = 0; i < daemonSets; i++) {
            int ni = (i * 20) % namespaces;
            String team = TEAMS[ni % TEAMS.length], app = "node-agent-" + i;
            j.obj().s("apiVersion", "apps/v1").s("kind", "DaemonSet");
            meta(j, app, ns(ni));
            j.n("generation", 1);
            j.o("labels").s("app.kubernetes.io/name", app).endObj().endObj();
            j.o("spec").n("revisionHistoryLimit", 10);
            j.o("selector").o("matchLabels").s("app.kubernetes.io/name", app).endObj().endObj();
            j.o("updateStrategy").s("type", "RollingUpdate").o("rollingUpdate").n("maxUnavailable", 1).endObj().endObj();
            j.o("template").o("metadata").o("labels").s("app.kubernetes.io/name", app).endObj().endObj();
            podSpec(j, team, app, pspKind[nsPsp(ni)] == 0 ? 0 : 1, null);
            j.endObj().endObj();
            j.o("status").n("currentNumberScheduled", 40).n("desiredNumberScheduled", 40).n("numberReady", 40).endObj();
            j.endObj();
        }
        close(j);
    }

    // ---- pods ---------------------------------------------------------------------------------
    void pods(Path dir) throws IOException {
        Json j = null;
        for (int i = 0; i < pods; i++) {
            if (i % PODS_PER_FILE == 0) {
                if (j != null) close(j);
                j = open(dir, String.format("pods-%03d.json", i / PODS_PER_FILE));
            }
            int ni = i % namespaces;
            int d = (i / namespaces) % Math.max(1, deployments / namespaces == 0 ? 1 : deployments / namespaces);
            String team = TEAMS[ni % TEAMS.length];
            boolean ds = i % 50 == 0;
            String app = ds ? "node-agent" : APPS[d % APPS.length];
            String rsHash = alnum(10);
            String owner = ds ? app : app + "-" + rsHash;
            int profile = profileFor(ni);
            String pspName = pspNames[nsPsp(ni)];
            j.obj().s("apiVersion", "v1").s("kind", "Pod");
            meta(j, owner + "-" + alnum(5), ns(ni));
            j.s("generateName", owner + "-");
            j.o("labels").s("app.kubernetes.io/name", app).s("app.kubernetes.io/part-of", team).s("pod-template-hash", rsHash)
                .s("version", "v" + rnd.nextInt(30)).endObj();
            j.o("annotations").s("kubernetes.io/psp", pspName).s("prometheus.io/scrape", "true").s("prometheus.io/port", "9090")
                .s("kubectl.kubernetes.io/restartedAt", ts);
            if (profile != 2 && rnd.nextInt(5) == 0) j.s("seccomp.security.alpha.kubernetes.io/pod", "runtime/default");
            j.endObj();
            j.a("ownerReferences").obj().s("apiVersion", "apps/v1").b("blockOwnerDeletion", true).b("controller", true)
                .s("kind", ds ? "DaemonSet" : "ReplicaSet").s("name", owner).s("uid", uid()).endObj().endArr();
            j.endObj();
            String node = "ip-10-" + rnd.nextInt(256) + "-" + rnd.nextInt(256) + "-" + rnd.nextInt(256) + ".eu-west-1.compute.internal";
            podSpec(j, team, app, ds && profile == 1 ? 0 : profile, node);
            j.o("status").s("phase", "Running").s("hostIP", "10.0." + rnd.nextInt(256) + "." + rnd.nextInt(256))
                .s("podIP", "100.64." + rnd.nextInt(256) + "." + rnd.nextInt(256)).s("qosClass", "Burstable").s("startTime", ts);
            j.a("conditions");
            for (String c : new String[] {"Initialized", "Ready", "ContainersReady", "PodScheduled"})
                j.obj().s("type", c).s("status", "True").key("lastProbeTime").nul().s("lastTransitionTime", ts).endObj();
            j.endArr();
            j.a("containerStatuses").obj().s("name", app).b("ready", true).n("restartCount", rnd.nextInt(3)).b("started", true)
                .s("containerID", "containerd://" + hex(64)).s("imageID", "sha256:" + hex(64))
                .o("state").o("running").s("startedAt", ts).endObj().endObj().endObj().endArr();
            j.endObj();
            j.endObj();
        }
        close(j);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: java bench/Generate.java OUT_DIR [--scale 1.0] [--seed 42]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        double scale = 1.0;
        long seed = 42;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> { System.err.println("unknown option " + args[i]); System.exit(2); }
            }
        }
        Files.createDirectories(out);
        Generate g = new Generate(scale, seed);
        g.namespaces(out);
        g.psps(out);
        g.rbac(out);
        g.workloads(out);
        g.pods(out);
        System.err.printf("generated %s: %d namespaces, %d PSPs, %d RBAC objects, %d Deployments, %d DaemonSets, %d pods%n",
            out, g.namespaces, g.psps, g.rbac, g.deployments, g.daemonSets, g.pods);
    }
}
