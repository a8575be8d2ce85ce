<#-- docs/checks.md: generated from the PSS check registry by `psp2psa checks --format markdown`. -->
# Pod Security Standards checks

This file is generated from psp2psa's check registry (`psp2psa checks --format markdown`); a test fails
when it is out of date. psp2psa evaluates pods exactly as the Pod Security Admission library does, for
every version from v1.0 to ${newestVersion}; `latest` and newer versions mean ${newestVersion}.

A restricted check that *overrides* a baseline check replaces it at the restricted level wherever the
restricted check applies; at older versions the baseline check still applies at restricted.

| Check | Level | Applies from | Changes at | Overrides | Forbids |
| --- | --- | --- | --- | --- | --- |
<#list checks as c>
| `${c.id}` | ${c.level} | ${c.introduced} | <#if c.versions?size gt 1>${c.versions[1..]?join(", ")}<#else>-</#if> | <#if c.overrides??>`${c.overrides}`<#else>-</#if> | ${c.description?replace("|", "\\|")} |
</#list>
