<#-- The Markdown migration report. Model: the JSON report of DESIGN §7 (see docs/report-json.md) plus
     witnessYaml on each PSP reason. -->
<#function cell s><#return (s!"-")?string?replace("|", "\\|")?replace("\n", " ")></#function>
<#function list xs><#if xs?size == 0><#return "-"></#if><#return cell(xs?join(", "))></#function>
# psp2psa migration report

Planned for Kubernetes **${clusterVersion}** (${clusterVersionSource}): only APIs it serves are written.
Target Pod Security Standards version: **${targetVersion}**. Every label below is pinned to it.
<#if warnings?size gt 0>

**The input was incomplete.** Read this before trusting the levels below:

<#list warnings as w>
- ${w}
</#list>
</#if>
<#if inputDoubts?size gt 0>

**The input cannot be right.** Check it before trusting the levels below:

<#list inputDoubts as d>
- ${d}
</#list>
</#if>
<#if unenforced??>

**No gap policy was written (`--engines none`).** Once PSP is off, PSA alone enforces the labels:
${unenforced.restrictions} restriction(s) of the old PSPs in ${unenforced.namespaces} namespace(s)<#if unenforced.denyAll?has_content> (in ${unenforced.denyAll?join(", ")} PSP admitted no pod, and now nothing denies them)</#if>, and <#if unenforced.otherDenyAll>the rejection of every pod<#else>${unenforced.otherRestrictions} restriction(s)</#if> in every namespace the input does not name, are left unenforced (each namespace's *Gaps* below). Run `convert` with `--engines vap`, `kyverno` or `gatekeeper` to keep them.
</#if>
<#assign labelled = namespaces?filter(n -> !n.exempt)>
<#assign exempt = namespaces?filter(n -> n.exempt)>
<#assign mutationCount = 0><#list namespaces as n><#assign mutationCount += n.mutations?size></#list>

## Summary

| | |
| --- | --- |
| PodSecurityPolicies | ${psps?size} (<#list ["privileged", "baseline", "restricted"] as l>${psps?filter(p -> p.level == l)?size} ${l}<#sep>, </#list><#if psps?filter(p -> p.level == "none")?size gt 0>, ${psps?filter(p -> p.level == "none")?size} admitting no pod</#if>) |
| Namespaces | ${namespaces?size} (${labelled?size} labelled, ${exempt?size} exempt) |
| Policy level (what the usable PSPs allowed) | <#list ["restricted", "baseline", "privileged", "none"] as l>${labelled?filter(n -> n.policyLevel == l)?size} ${l}<#sep>, </#list> |
| Recommended enforce level (after) | <#list ["restricted", "baseline", "privileged"] as l>${labelled?filter(n -> n.recommended.enforce == l)?size} ${l}<#sep>, </#list> |
| Namespaces where no PSP was usable (`none`) | ${namespaces?filter(n -> n.policyLevel == "none")?size} |
| Namespaces with gaps PSA does not close | ${labelled?filter(n -> n.gaps?size gt 0)?size} |
| Workload fields to add (PSP defaults relied on) | ${mutationCount} |
| Users and groups that may use PSPs by hand | ${users?size}<#if includeUsers> (counted in levels)<#else> (not counted in levels; see --include-users)</#if> |
| Defaults for unlabelled namespaces | enforce ${defaults.enforce}, audit ${defaults.audit}, warn ${defaults.warn} |

**Levels.** The *policy level* is the tightest level that every pod a usable PSP admits satisfies (`none`:
no PSP was usable, PSP admission rejected every pod). The *workload level* is the tightest level all current
pods and pod templates pass. The recommended *enforce* level is the strictest level at least the policy level
whose tightenings touch no current workload; *audit* and *warn* are one level stricter.

## Namespaces

| Namespace | Usable PSPs | Policy | Workloads | Enforce (today → new) | Audit / warn | Tightenings | Gaps |
| --- | --- | --- | --- | --- | --- | --- | --- |
<#list namespaces as n>
| ${cell(n.name)}<#if n.exempt> (exempt)</#if> | ${list(n.psps?map(p -> p.name))} | ${n.policyLevel}<#if n.policyBlockers?has_content> (${n.policyBlockers?join(", ")})</#if> | ${n.workloadLevel!"-"} | <#if n.currentLabels.enforce??>${cell(n.currentLabels.enforce)} → </#if><#if n.exempt>exempt<#else>${n.recommended.enforce}</#if> | <#if n.exempt>-<#else>${n.recommended.audit} / ${n.recommended.warn}</#if> | ${n.tightenings?size} | ${n.gaps?size} |
</#list>
| every other namespace (unlisted and new ones) | ${list(defaultClass.psps?map(p -> p.name))} | ${defaultClass.policyLevel} | - | ${defaultClass.recommended.enforce} | ${defaultClass.recommended.audit} / ${defaultClass.recommended.warn} | ${defaultClass.tightenings?size} | ${defaultClass.gaps?size} |

PSP applied in every namespace, also in those the input does not name and those created later. There only the
cluster-wide grants apply (bindings to `system:serviceaccounts`, `system:authenticated`, the controllers): that is
the *default class* (last row). The AdmissionConfiguration's defaults are its levels<#if defaultClass.policyLevel == "none">. No
cluster-wide grant made a PSP usable there, so PSP admitted no pod in such a namespace: the policy
`psp2psa-default-class` denies every pod in every namespace without a plan of its own (give a new namespace its
RoleBindings and run psp2psa again to plan it)<#elseif defaultClass.gaps?has_content>, and its gaps are kept by
the policy `psp2psa-default-class`, which selects every namespace without a plan of its own<#else>; its PSPs enforced
nothing more, so it needs no gap policy</#if>.

## PodSecurityPolicies

<#list psps as p>
### ${p.name}: ${p.level}

Defined at `${p.source}`. <#if p.mutating?size gt 0>Mutates pods through: ${p.mutating?map(f -> "`" + f + "`")?join(", ")}.<#else>Does not mutate pods.</#if>

<#if p.configurationErrors?size gt 0>
**Admits no pod.** PSP admission rejects every pod with this PSP, so it is left out of every level:

<#list p.configurationErrors as e>
- ${cell(e)}
</#list>

<#elseif p.shownReasons?size == 0>
Every pod this PSP admits passes restricted.

<#else>
| Field | Value | Check | Blocks | Why |
| --- | --- | --- | --- | --- |
<#list p.shownReasons as r>
| `${cell(r.field)}` | ${cell(r.value)} | `${r.check}` | ${r.blocksText} | ${cell(r.detail)} |
</#list>

<#list p.shownReasons as r>
<details><summary>Witness for <code>${r.field}</code> (admitted by ${p.name}, denied at ${r.blocks} by <code>${r.check}</code>)</summary>

```yaml
${r.witnessYaml}```

</details>

</#list>
</#if>
</#list>
## Namespace details

<#list namespaces + [defaultClass] as n>
<#assign other = n.name == "*">
<#if other>
### Every other namespace (the default class)

Namespaces the input does not name, and namespaces created after the migration: only the cluster-wide grants
apply there. The AdmissionConfiguration's defaults are its levels<#if n.policyLevel == "none">; PSP admitted no pod
there, so the policy `psp2psa-default-class` denies every pod in every namespace without a plan of its own<#elseif n.gaps?has_content>; the gap policy
`psp2psa-default-class` keeps its gaps in every namespace without a plan of its own<#else>, and it has no gaps</#if>.

- Policy level: **${n.policyLevel}**.
- Defaults: `enforce=${n.recommended.enforce}`, `audit=${n.recommended.audit}`, `warn=${n.recommended.warn}`, all at `${n.recommended.version}`.
- **Why:** ${n.why}
<#else>
### ${n.name}<#if n.exempt> (exempt from PSA)</#if>

</#if>
<#if other><#elseif n.exempt>
Exempt: listed in the AdmissionConfiguration's `exemptions.namespaces` instead of labelled, and no gap policy is
written for it, so nothing its PSPs restricted is enforced there after the migration. Its levels are still
computed: policy ${n.policyLevel}, workloads ${n.workloadLevel!"-"}.

<#else>
- Policy level: **${n.policyLevel}**; workload level: **${n.workloadLevel!"no workloads given"}**.
- Labels: `enforce=${n.recommended.enforce}`, `audit=${n.recommended.audit}`, `warn=${n.recommended.warn}`, all at `${n.recommended.version}`.
- **Why:** ${n.why}
<#if n.currentLabels.enforce?? || n.currentLabels.audit?? || n.currentLabels.warn??>
- Labels today: <#list ["enforce", "audit", "warn"] as k><#if n.currentLabels[k]??>`${k}=${n.currentLabels[k]}` (${n.currentLabels[k + "Version"]!"latest"})<#else>no `${k}`</#if><#sep>, </#list>; the labels above replace them.
</#if>
<#if n.deniedAsIs?size gt 0>
- **Rests on the fields to add:** ${n.deniedAsIs?size} of ${n.workloads?size} workloads are denied as they are (by the enforce level or the gap policies) until the fields PSP set on their pods are added (see *Denied as they are*).
<#elseif n.workloads?size gt 0>
- Every given workload is admitted as it is.
</#if>
</#if>
<#if n.serviceAccounts?size gt 0>
- Service accounts: ${n.serviceAccounts?join(", ")}.
</#if>
<#if n.workloads?size gt 0>
- Workloads: ${n.workloads?join(", ")}.
</#if>

<#if n.psps?size == 0>
No PSP is usable here: PSP admission rejected every pod in this namespace.

<#else>
| PSP | Used by | Grant (subject → binding → role) |
| --- | --- | --- |
<#list n.psps as p>
<#list p.grants as g>
| <#if g?is_first>${p.name}</#if> | <#if g?is_first>${list(p.serviceAccounts)}</#if> | ${cell(g.subject)} → ${cell(g.binding)} → ${cell(g.role)} |
</#list>
</#list>

</#if>
<#if n.tightenings?size gt 0>
**Tightenings** (what a usable PSP allowed that a stricter level forbids):

| Level | Check | PSP | Field | Workloads that would be denied |
| --- | --- | --- | --- | --- |
<#list n.tightenings as t>
| ${t.level} | `${t.check}` | ${t.psp} | `${cell(t.field)}` | ${list(t.workloads)} |
</#list>

</#if>
<#if n.gaps?size gt 0>
**Gaps** (restrictions of the usable PSPs that the enforce level does not enforce):

| Rule | PSP fields | PSPs | All usable PSPs | Restriction |
| --- | --- | --- | --- | --- |
<#list n.gaps as g>
| `${g.rule}` | ${list(g.fields)} | ${list(g.psps)} | <#if g.allUsablePsps>yes<#else>no</#if> | ${cell(g.detail)} |
</#list>

</#if>
<#if n.deniedAsIs?size gt 0>
**Denied as they are** (PSP admits them only by setting fields on their pods; the new labels or gap policies deny
them until those fields are added):

| Workload | Checks failed at ${n.recommended.enforce} as submitted | Fields PSP set |
| --- | --- | --- |
<#list n.deniedAsIs as d>
| ${cell(d.workload)} | ${list(d.checks)} | ${d.fields} |
</#list>

</#if>
<#if n.mutations?size gt 0>
**Fields to add** (PSP set them on the pods; PSA will not):

| Workload | PSP | Field | Value | Required |
| --- | --- | --- | --- | --- |
<#list n.mutations as m>
| ${cell(m.workload)} | ${m.psp} | `${cell(m.field)}` | `${cell(m.value)}` | <#if m.required>yes<#else>no (admitted without it; volumes may behave differently)</#if> |
</#list>

</#if>
<#if n.assumptions?size gt 0>
**Assumptions:**

<#list n.assumptions as a>
- ${a}
</#list>

</#if>
</#list>
<#if (policies!)?has_content>
## Gap policies

What the PSPs enforced beyond each namespace's enforce level, written as policies (one per group of namespaces
with the same validations). A pod was admitted when *any* usable PSP admitted it, so rules every usable PSP
enforced alike are plain validations and the rest is one disjunction, per service account where they differ.
Policies require what PSP guaranteed: a field PSP set by default must now be set by the pod (see the fields to
add above).

| Policy | Namespaces | Validation | PSPs | Rules | Exact |
| --- | --- | --- | --- | --- | --- |
<#list policies as p>
<#list p.validations as v>
| <#if v?is_first>`${p.name}`</#if> | <#if v?is_first><#if p.unlisted>every namespace without a plan of its own (unlisted and new ones)<#if p.namespaces?has_content>, ${list(p.namespaces)}</#if><#else>${list(p.namespaces)}</#if></#if> | `${v.rule}` | ${list(v.psps)} | ${list(v.rules)} | <#if v.exact>yes<#else>no: ${cell(v.approximation)}</#if> |
</#list>
</#list>

<#if library>
### Gatekeeper library constraints

`--gatekeeper-templates library`: Constraints of the gatekeeper-library kinds, one per policy and kind. A library
template checks one field group for every pod of the namespaces, so its parameters are the union of what the PSPs
allowed: exact only when every PSP gives the same values and the rules were plain validations, looser otherwise.

| Policy | Kind | Rules | PSPs | Exact |
| --- | --- | --- | --- | --- |
<#list libraryConstraints as c>
| `${c.policy}` | `${c.kind}` | ${list(c.rules)} | ${list(c.psps)} | <#if c.exact>yes<#else>no: ${cell(c.how)}</#if> |
</#list>
<#if libraryUncovered?has_content>

Not covered in library mode (use `--gatekeeper-templates psp2psa`, or another engine, for these):

| Policy | Rule | Why |
| --- | --- | --- |
<#list libraryUncovered as u>
| `${u.policy}` | `${u.rule}` | ${cell(u.why)} |
</#list>
</#if>

</#if>
</#if>
## Users and groups

<#if users?size == 0>
No person or non-service-account group may use a PSP.
<#else>
These may create pods with a PSP by hand (kubectl run, or as the requesting user of a pod they create).
<#if includeUsers>They are counted in the levels above (--include-users).<#else>They are not counted in the levels above; pass --include-users to count them.</#if>

| Subject | PSPs | Where |
| --- | --- | --- |
<#list users as u>
| ${cell(u.subject)} | ${list(u.psps)} | ${list(u.scopes)} |
</#list>
</#if>


## Who can get around PSA

PSA enforces what a namespace's labels say, so whoever may update or patch a Namespace (or its `status` or
`finalize` subresource) may switch enforcement off there (*relabel*); whoever may create pods or pod
controllers in a namespace PSA exempts is not checked at all (*exempt-namespace*); and PSA checks no request of
an exempt user (*exempt-username*). *Broad* marks paths from wildcard rules, `cluster-admin` and
`system:masters`, which the API server authorizes for everything without RBAC.

<#if bypass.labelAdmins?size == 0>No label admins were given (`--label-admins`)<#else>Label admins: ${bypass.labelAdmins?join(", ")}</#if>. <#if bypass.unexpectedRelabellers?size == 0>Nobody else may relabel namespaces.<#else>${bypass.unexpectedRelabellers?size} other subject(s) may relabel namespaces (`--fail-on bypass` fails): ${bypass.unexpectedRelabellers?map(s -> s.kind + " " + s.name)?join(", ")}.</#if>

| Subject | Kind | May | Namespaces | Verbs and resources | Via | Broad |
| --- | --- | --- | --- | --- | --- | --- |
<#list bypass.subjects as s>
<#list s.paths as p>
| ${cell(s.name)}<#if s.labelAdmin> (label admin)</#if> | ${s.kind} | ${p.kind} | ${list(p.namespaces)} | <#if p.verbs?size gt 0>${cell(p.verbs?join(", ") + " on " + p.resources?join(", "))}<#else>-</#if> | <#if p.binding??>${cell(p.binding + " → " + p.role)}: ${cell(p.rule)}<#else>${cell(p.rule)}</#if> | ${list(p.broad)} |
</#list>
</#list>
<#if bypass.exemptRuntimeClasses?size gt 0>

Exempt runtime classes (PSA checks no pod that names one, in any namespace): ${bypass.exemptRuntimeClasses?join(", ")}.
</#if>
<#if bypass.refusedUsernames?size gt 0>

Usernames not exempted although asked (`--exempt-username`):

<#list bypass.refusedUsernames as r>
- `${r.username}`: ${r.reason}
</#list>
</#if>
<#if problems?size gt 0>

## RBAC problems

<#list problems as p>
- ${p}
</#list>
</#if>
<#if skipped?size gt 0>

## Skipped objects

Objects of kinds psp2psa does not read were counted and not read: <#list skipped as kind, count>${kind} ${count}<#sep>, </#list>.
</#if>
