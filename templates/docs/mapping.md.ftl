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

## Where PSP's behaviour and the table differ

psp2psa follows what a 1.23/1.24 API server did (the "psp2psa:" notes in the table above); each case has a test
and its source in [psp-semantics.md](psp-semantics.md):

- **seccomp `runtime/default,`** (the table's "unset allowed" form): the API server's PSP validation
  (`ValidatePodSecurityPolicySpecificAnnotations`, `ValidateSeccompProfile`) rejects an empty item, so such a
  PSP was never stored. psp2psa reports it as a configuration error (it admits no pod, level `none`) in every
  report. AppArmor's validation accepts the empty item, so `runtime/default,` there is a real PSP.
- **seccomp annotation absent**: PSP then admits only pods that set no profile, which is within baseline and not
  within restricted.
- **seccomp `docker/default`** allows `runtime/default` and the reverse (since 1.19.4/1.20).
- **`secret` allowed, `projected` not**: the service account token volume (a projected volume of token sources
  only) is allowed anyway (since 1.19).
- **`privileged: true` with `allowPrivilegeEscalation: false`**: PSP writes `allowPrivilegeEscalation: false` into
  privileged containers, which the API server then rejects, so no privileged container is created and the
  `privileged` field does not make the PSP privileged.

## What each rule does

<#list rules as r>
- **`${r.id}`**: ${r.description}
</#list>
