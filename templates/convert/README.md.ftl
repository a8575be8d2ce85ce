<#-- The README psp2psa writes into the convert output directory. Model: the JSON report plus `files`. -->
<#assign labelled = namespaces?filter(n -> !n.exempt)>
# PodSecurityPolicy → Pod Security Admission

Written by psp2psa for Pod Security Standards **${targetVersion}**. Do not edit these files by hand: run
psp2psa again instead (it replaces this directory; it never overwrites a directory it did not write
unless given --force).

| Path | What |
| --- | --- |
| `report.md`, `report.html`, `report.json` | the migration report: levels, grants, reasons, tightenings, gaps, fields to add |
| `namespaces-audit/` | step 2: the `audit` and `warn` labels of ${labelled?size} namespaces, without `enforce` |
| `namespaces/` | step 3: the final labels (`enforce`, `audit`, `warn`, each with its `-version`) |
<#if engines?seq_contains("vap") && policies?has_content>
| `vap/` | ValidatingAdmissionPolicies and their bindings (admissionregistration.k8s.io/v1, Kubernetes 1.30+) for the gaps PSA does not close, ${policies?size} policies |
</#if>
<#if engines?seq_contains("kyverno") && policies?has_content>
| `kyverno/` | the same as Kyverno ClusterPolicies with validate.cel rules (Kyverno 1.11+), pods and their controllers |
</#if>
<#if engines?seq_contains("gatekeeper") && policies?has_content>
<#if gatekeeperTemplates == "library">
| `gatekeeper/constraints/` | the same as Gatekeeper Constraints of the gatekeeper-library kinds (install those templates first); an approximation, see the report's "Gatekeeper library" table |
<#else>
| `gatekeeper/templates/`, `gatekeeper/constraints/` | the same as Gatekeeper ConstraintTemplates written by psp2psa (CEL and Rego) and their Constraints, pods only: apply the templates first |
</#if>
</#if>
| `admission/pod-security-configuration.yaml` | the API server's PodSecurity configuration: defaults for unlabelled namespaces and the exempt namespaces (<#if namespaces?filter(n -> n.exempt)?size == 0>none<#else>${namespaces?filter(n -> n.exempt)?map(n -> n.name)?join(", ")}</#if>) |

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
## Steps (the Kubernetes migration guide's order)

1. **Review** `report.html` (or `report.md`): each namespace's levels, the tightenings that would deny current
   workloads, the gaps PSA does not close, and the fields workloads must add because they relied on PSP
   defaults. Add those fields before enforcing.
2. **Audit and warn first**, while PSP is still enforcing:

   ```sh
   kubectl apply -k namespaces-audit/
   ```

   Watch the API server's audit log and the warnings `kubectl` prints for a while. Optionally check a
   namespace against its enforce level first: `kubectl label --dry-run=server --overwrite ns NAME
   pod-security.kubernetes.io/enforce=LEVEL`.
3. **Enforce** after the review:

   ```sh
   kubectl apply -k namespaces/
   ```
<#if policies?has_content && engines?size gt 0>

   and close the gaps with one engine of your choice (each folder holds the same policies):

<#list engines as e>
<#if e == "gatekeeper">
   - Gatekeeper<#if gatekeeperTemplates != "library">: the templates first, then, once their CRDs exist, the constraints: `kubectl apply -k gatekeeper/templates/`, then `kubectl apply -k gatekeeper/constraints/`<#else> (the gatekeeper-library templates must be installed): `kubectl apply -k gatekeeper/constraints/`</#if>
<#elseif e == "kyverno">
   - Kyverno: `kubectl apply -k kyverno/`
<#else>
   - ValidatingAdmissionPolicy: `kubectl apply -k vap/`
</#if>
</#list>

   The policies require what the PSPs guaranteed, including the fields they set by default: add the fields the
   report lists first. `convert --policy-mode warn` writes policies that only warn and audit, for a first round.
</#if>

4. **Configure the API server** with `admission/pod-security-configuration.yaml` (flag
   `--admission-control-config-file`; merge it into an existing AdmissionConfiguration if there is one). It
   sets the levels of namespaces without labels and exempts ${namespaces?filter(n -> n.exempt)?size} namespace(s).
5. **Turn PSP off**: remove `PodSecurityPolicy` from `--enable-admission-plugins`, then delete the
   PodSecurityPolicies and the RBAC that granted them, then upgrade to Kubernetes 1.25 or newer.
