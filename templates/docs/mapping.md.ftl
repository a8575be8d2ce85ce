<#-- docs/mapping.md: generated from the PSP rule registry by `psp2psa rules --format markdown`. -->
# PodSecurityPolicy fields and Pod Security Standards

This file is generated from psp2psa's PSP rule registry (`psp2psa rules --format markdown`); a test fails when
it is out of date. Each rule covers one PodSecurityPolicy field or annotation group; together they claim every
field of `PodSecurityPolicySpec` and the seccomp and AppArmor annotations (a test fails otherwise).

The *baseline* and *restricted* columns say what a PSP's value must be for the PSP to stay within that level,
following the Kubernetes "Mapping PodSecurityPolicies to Pod Security Standards" table; where psp2psa resolves
a disagreement between the table and PSP admission's code, [psp-semantics.md](psp-semantics.md) says how and
why. *Mutating* rules set defaults on pods (PSA never mutates, so workloads that relied on them must set the
fields themselves). *In PSA* says whether a PSS level fully captures what the rule validates; where it does
not, what the PSP restricted beyond the enforced level is a *gap*.

| Rule | Fields and annotations | PSS checks | Baseline | Restricted | Mutating | In PSA |
| --- | --- | --- | --- | --- | --- | --- |
<#list rules as r>
| `${r.id}` | ${r.fields?map(f -> "`" + f + "`")?join(", ")} | <#if r.checks?size == 0>-<#else>${r.checks?map(c -> "`" + c + "`")?join(", ")}</#if> | ${r.baseline?replace("|", "\\|")} | ${r.restricted?replace("|", "\\|")} | ${r.mutating} | <#if r.expressibleInPsa>yes<#else>no</#if> |
</#list>

## What each rule does

<#list rules as r>
- **`${r.id}`**: ${r.description}
</#list>
