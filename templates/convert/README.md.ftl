<#-- The README psp2psa writes into the convert output directory. Model: the JSON report plus `files`. -->
<#assign labelled = namespaces?filter(n -> !n.exempt)>
# PodSecurityPolicy → Pod Security Admission

Written by psp2psa for a Kubernetes **${clusterVersion}** cluster (${clusterVersionSource}): every object here is of
an API that version serves. Labels are pinned to Pod Security Standards **${targetVersion}**. Do not edit psp2psa's
files by hand: run psp2psa again instead (it replaces only its own files here, and keeps yours).

| Path | What |
| --- | --- |
| `report.md`, `report.html`, `report.json` | the migration report: levels, grants, reasons, tightenings, gaps, fields to add |
| `namespaces-audit/` | phase 1, step 2: the `audit` and `warn` labels of ${labelled?size} namespaces, without `enforce` |
| `namespaces/` | phase 1, step 5: the final labels (`enforce`, `audit`, `warn`, each with its `-version`) |
<#if engines?seq_contains("vap") && policies?has_content>
| `vap/` | ValidatingAdmissionPolicies and their bindings (admissionregistration.k8s.io/v1, Kubernetes 1.30+) for the gaps PSA does not close, ${policies?size} policies |
</#if>
<#if engines?seq_contains("kyverno") && policies?has_content>
| `kyverno/` | the same as ${kyvernoKind}, pods and their controllers |
</#if>
<#if engines?seq_contains("gatekeeper") && policies?has_content>
<#if gatekeeperTemplates == "library">
| `gatekeeper/constraints/` | the same as Gatekeeper Constraints of the gatekeeper-library kinds (install those templates first); an approximation, see the report's "Gatekeeper library" table |
<#else>
| `gatekeeper/templates/`, `gatekeeper/constraints/` | the same as Gatekeeper ConstraintTemplates written by psp2psa (<#if gatekeeperCel>CEL (K8sNativeValidation, Gatekeeper 3.17+) and Rego<#else>Rego, which every Gatekeeper release runs; the Gatekeeper releases for ${clusterVersion} run no CEL</#if>) and their Constraints, pods only: apply the templates first |
</#if>
</#if>
<#list mutations as m>
| `${m}` | <#if m?starts_with("gatekeeper")>Gatekeeper mutators (Assign, AssignMetadata, ModifySet)<#elseif m?starts_with("vap")>MutatingAdmissionPolicies and their bindings<#else>Kyverno mutate policies</#if> that restore the defaults the PSPs set on pods, where every usable PSP sets them alike; apply them with the same engine's policies |
</#list>
<#if guard?has_content>
| `guard/` | the label guard, the same in each engine's folder (<#list guard as g>`${g}`<#sep>, </#list>): only the label admins (`${guardAdmins}`) may create Namespaces with `pod-security.kubernetes.io/*` labels or add, change or remove such labels; apply it after the labels (phase 1, step 6) |
</#if>
| `admission/pod-security-configuration.yaml` | the API server's PodSecurity configuration (`${psaConfig}`, what ${clusterVersion} loads): defaults for unlabelled namespaces and the exempt namespaces (<#if namespaces?filter(n -> n.exempt)?size == 0>none<#else>${namespaces?filter(n -> n.exempt)?map(n -> n.name)?join(", ")}</#if>) |

**Namespaces the input does not name, and those created later**, are covered too: PSP applied there with the
grants that reach every namespace, so they get the AdmissionConfiguration's defaults (`enforce=${defaultClass.recommended.enforce}`)<#if !policies?has_content || engines?size == 0>, and no gap policy<#elseif defaultClass.policyLevel == "none"> and, since PSP
admitted no pod there, a policy `psp2psa-default-class` that denies every pod in every namespace without a plan of
its own (give a new namespace its RoleBindings and run psp2psa again to plan it)<#elseif defaultClass.gaps?has_content> and the
policy `psp2psa-default-class`, which selects every namespace except the exempt ones and those planned here<#else>,
which keep all their PSPs enforced</#if>.

Each label file is a Namespace object holding only its name and labels: `kubectl apply` adds the labels to the
existing namespace and leaves its other labels alone; with kustomize, use the files as resources (the
`kustomization.yaml` beside them) or as patches of your own Namespace objects.

<#if unenforced??>
**No gap policy was written (`--engines none`).** Once PSP is off, PSA alone enforces the labels:
${unenforced.restrictions} restriction(s) of the old PSPs in ${unenforced.namespaces} namespace(s)<#if unenforced.denyAll?has_content> (in ${unenforced.denyAll?join(", ")} PSP admitted no pod, and now nothing denies them)</#if>, and <#if unenforced.otherDenyAll>the rejection of every pod<#else>${unenforced.otherRestrictions} restriction(s)</#if> in every namespace the input does not name, are left unenforced (each namespace's *Gaps* in `report.md`). Run `convert` with `--engines vap`, `kyverno` or `gatekeeper` to keep them.

</#if>
## Phases

Apply each phase with `kubectl apply -k` on the folder named, in this order. Never `kubectl apply -R -f` this whole
directory: it would apply the enforce labels together with the audit ones, every engine's policies at once, and
files that are not Kubernetes objects. `kubectl apply -k .` applies the first phase only (`namespaces-audit/`).

<#assign oneEngine = policies?has_content && engines?size gt 0>
<#if clusterMinor lte 24>
### 1. While PodSecurityPolicy still enforces (on ${clusterVersion})

<#if clusterMinor == 22>
Kubernetes 1.22 runs Pod Security Admission only with the `PodSecurity` feature gate (alpha, off by default):
enable it on the API server first (`--feature-gates=PodSecurity=true`), or none of the labels below does anything.

</#if>
1. **Review** `report.html` (or `report.md`): each namespace's levels, the tightenings that would deny current
   workloads, the gaps PSA does not close, and the fields workloads must add because they relied on PSP
   defaults. Add those fields to the workloads before phase 2: PSP still sets them, so nothing changes yet.
2. **Audit and warn**: `kubectl apply -k namespaces-audit/`. Watch the API server's audit log and the warnings
   `kubectl` prints for a while. Check a namespace against its enforce level first with `kubectl label
   --dry-run=server --overwrite ns NAME pod-security.kubernetes.io/enforce=LEVEL`. This phase cannot show the
   fields PSP sets: while PSP is on, PSA and the policies see each pod as PSP mutated it. Check the manifests
   themselves instead, as they are in git: `psp2psa check -f <manifests> --policies <this directory>` says which
   would be denied once PSP no longer sets those fields.
<#if oneEngine>
3. **The gap policies**, with one engine (each folder holds the same policies):

<#list engines as e>
<#if e == "gatekeeper">
   - Gatekeeper<#if gatekeeperTemplates != "library">: `kubectl apply -k gatekeeper/templates/`, then, once their CRDs exist, `kubectl apply -k gatekeeper/constraints/`<#else> (the gatekeeper-library templates must be installed): `kubectl apply -k gatekeeper/constraints/`</#if>
<#elseif e == "kyverno">
   - Kyverno: `kubectl apply -k kyverno/`
<#else>
   - ValidatingAdmissionPolicy: `kubectl apply -k vap/`
</#if>
</#list>

   While PSP is on, they (and PSA) see each pod as PSP mutated it, so they deny nothing PSP admits. The fields of
   step 1 matter from phase 2 on, when PSP no longer sets them.
<#if mutations?size gt 0>

   The mutations of the same engine restore the PSP defaults; apply them with the policies, before PSP is
   turned off:

<#list mutations as m>
   - <#if m?starts_with("gatekeeper")>Gatekeeper (its mutation webhook is on by default from 3.7)<#elseif m?starts_with("vap")>MutatingAdmissionPolicy (Kubernetes 1.36+, in the API server)<#else>Kyverno</#if>: `kubectl apply -k ${m}`
</#list>

   Where they write a field, a workload need not add it; `psp2psa check -f <manifests> --policies <this
   directory>` applies them before it checks, as the cluster will.
</#if>
<#else>
3. **No gap policy** is written (see above): what PSA does not enforce stops being enforced in phase 2.
</#if>
4. **Configure the API server** with `admission/pod-security-configuration.yaml` (`--admission-control-config-file`;
   merge it into an existing AdmissionConfiguration): the levels of unlabelled and new namespaces, and
   ${namespaces?filter(n -> n.exempt)?size} exemption(s).
5. **Enforce**: `kubectl apply -k namespaces/`.
<#if guard?has_content>
6. **Guard the labels**, with one engine (each folder holds the same guard), after step 5:

<#list guard as g>
   - <#if g?contains("gatekeeper")>Gatekeeper: `kubectl apply -k ${g}templates/`, then, once its CRD exists, `kubectl apply -k ${g}constraints/`<#elseif g?contains("kyverno")>Kyverno: `kubectl apply -k ${g}`<#else>ValidatingAdmissionPolicy: `kubectl apply -k ${g}`</#if>
</#list>

   From then on only the label admins (`${guardAdmins}`) may create a namespace with `pod-security.kubernetes.io/*`
   labels or add, change or remove such a label; everyone else is denied, `system:masters` too (admission policies
   apply to every user). Apply the guard after the labels, or apply the labels as one of the admins: whoever
   applies `namespaces-audit/` or `namespaces/` once the guard is in place (you after an upgrade, a GitOps
   controller) must be a label admin, or the apply is denied.
<#elseif guardAdmins?has_content>
6. **No label guard** was written (`--engines none`): nothing keeps the labels to `${guardAdmins}`.
</#if>

### 2. Turn PodSecurityPolicy off (still on ${clusterVersion})

Remove `PodSecurityPolicy` from `--enable-admission-plugins`, then delete the PodSecurityPolicies and the RBAC that
granted them. <#if oneEngine>PSA and the gap policies already enforce everything the PSPs did, so no restriction is
unenforced at any point.<#else>From here on, the PSP restrictions PSA does not enforce are enforced by nothing.</#if>

### 3. After upgrades

The labels stay pinned to ${targetVersion}, so an upgrade does not tighten enforcement by itself. Run `psp2psa convert`
again with the same input and `--cluster-version` set to the new version to move the pins and the APIs:

<#if clusterMinor lt 25>
- **1.25**: PodSecurityPolicy is gone. The admission configuration's `${psaConfig}` still loads; the new tree uses
  `pod-security.admission.config.k8s.io/v1`. Kyverno (1.11+) can run the gap policies from here.
</#if>
<#if !gatekeeperCel>
- **1.28**: Gatekeeper 3.17+ runs CEL (K8sNativeValidation); the new templates carry CEL and Rego.
</#if>
<#if clusterMinor lt 30>
- **1.30**: ValidatingAdmissionPolicy (`admissionregistration.k8s.io/v1`) is served: `--engines vap` writes the
  gap policies as VAP.
</#if>
<#if clusterMinor lt 36>
- **1.36**: MutatingAdmissionPolicy (`admissionregistration.k8s.io/v1`) is served.
</#if>

To move the gap policies to another engine, apply the new engine's policies before you delete the old ones: in
between, both deny what PSP denied, and nothing is ever unenforced.
<#else>
### 1. Restore what PodSecurityPolicy enforced (on ${clusterVersion})

PodSecurityPolicy no longer exists on ${clusterVersion}: until the steps below are done, <#if oneEngine>the restrictions the
gap policies hold<#else>the PSP restrictions PSA does not enforce</#if> are enforced by nothing.

1. **Review** `report.html` (or `report.md`), and add to the workloads the fields PSP used to set on their pods.
2. **Audit and warn**: `kubectl apply -k namespaces-audit/`, and watch the audit log and warnings.
<#if oneEngine>
3. **The gap policies**, with one engine (each folder holds the same policies):

<#list engines as e>
<#if e == "gatekeeper">
   - Gatekeeper<#if gatekeeperTemplates != "library">: `kubectl apply -k gatekeeper/templates/`, then, once their CRDs exist, `kubectl apply -k gatekeeper/constraints/`<#else> (the gatekeeper-library templates must be installed): `kubectl apply -k gatekeeper/constraints/`</#if>
<#elseif e == "kyverno">
   - Kyverno: `kubectl apply -k kyverno/`
<#else>
   - ValidatingAdmissionPolicy: `kubectl apply -k vap/`
</#if>
</#list>

   They deny what the PSPs denied, including pods without the fields PSP set: step 1 first, or
   `convert --policy-mode warn` for a first round.
<#if mutations?size gt 0>

   The mutations of the same engine restore the PSP defaults; apply them first, so that pods get those fields
   again:

<#list mutations as m>
   - <#if m?starts_with("gatekeeper")>Gatekeeper (its mutation webhook is on by default from 3.7)<#elseif m?starts_with("vap")>MutatingAdmissionPolicy (Kubernetes 1.36+, in the API server)<#else>Kyverno</#if>: `kubectl apply -k ${m}`
</#list>

   `psp2psa check -f <manifests> --policies <this directory>` applies them before it checks, as the cluster will.
</#if>
<#else>
3. **No gap policy** is written (see above).
</#if>
4. **Configure the API server** with `admission/pod-security-configuration.yaml` (`--admission-control-config-file`).
5. **Enforce**: `kubectl apply -k namespaces/`.
<#if guard?has_content>
6. **Guard the labels**, with one engine (each folder holds the same guard), after step 5:

<#list guard as g>
   - <#if g?contains("gatekeeper")>Gatekeeper: `kubectl apply -k ${g}templates/`, then, once its CRD exists, `kubectl apply -k ${g}constraints/`<#elseif g?contains("kyverno")>Kyverno: `kubectl apply -k ${g}`<#else>ValidatingAdmissionPolicy: `kubectl apply -k ${g}`</#if>
</#list>

   From then on only the label admins (`${guardAdmins}`) may create a namespace with `pod-security.kubernetes.io/*`
   labels or add, change or remove such a label; everyone else is denied, `system:masters` too (admission policies
   apply to every user). Apply the guard after the labels, or apply the labels as one of the admins: whoever
   applies `namespaces-audit/` or `namespaces/` once the guard is in place (you after an upgrade, a GitOps
   controller) must be a label admin, or the apply is denied.
<#elseif guardAdmins?has_content>
6. **No label guard** was written (`--engines none`): nothing keeps the labels to `${guardAdmins}`.
</#if>

### 2. After upgrades

The labels stay pinned to ${targetVersion}: run `psp2psa convert` again with `--cluster-version` set to the new
version to move the pins and the APIs<#if clusterMinor lt 30> (1.30: ValidatingAdmissionPolicy is served; `--engines vap`)</#if><#if !gatekeeperCel> (1.28: Gatekeeper runs CEL)</#if><#if clusterMinor lt 32> (1.32: Kyverno 1.17+ ValidatingPolicy)</#if><#if clusterMinor lt 36> (1.36: MutatingAdmissionPolicy is served)</#if>. Apply a new engine's
policies before deleting the old ones, so that nothing is ever unenforced.
</#if>
