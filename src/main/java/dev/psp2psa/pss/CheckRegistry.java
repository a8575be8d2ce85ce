package dev.psp2psa.pss;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The PSS checks, sorted by id, and which of them apply at a (level, version), as PSA's check registry resolves
 * them: baseline checks at baseline; at restricted, the baseline and restricted checks that apply at the version
 * minus each baseline check overridden by an applicable restricted check.
 */
public final class CheckRegistry {

    private static final CheckRegistry STANDARD = new CheckRegistry(List.of(
            new AllowPrivilegeEscalationCheck(),
            new AppArmorProfileCheck(),
            new CapabilitiesBaselineCheck(),
            new CapabilitiesRestrictedCheck(),
            new HostNamespacesCheck(),
            new HostPathVolumesCheck(),
            new HostPortsCheck(),
            new HostProbesAndHostLifecycleCheck(),
            new PrivilegedCheck(),
            new ProcMountCheck(),
            new ProcMountRestrictedCheck(),
            new RestrictedVolumesCheck(),
            new RunAsNonRootCheck(),
            new RunAsUserCheck(),
            new SeLinuxOptionsCheck(),
            new SeccompProfileBaselineCheck(),
            new SeccompProfileRestrictedCheck(),
            new SysctlsCheck(),
            new WindowsHostProcessCheck()));

    private final List<Check> checks;
    private final Map<String, Check> byId;

    /**
     * A registry of the given checks.
     *
     * @throws IllegalArgumentException when two checks share an id, a check has no level or no ascending versions,
     *     or a check overrides a check that is unknown or not a baseline check, or is not itself restricted
     */
    public CheckRegistry(List<? extends Check> checks) {
        Objects.requireNonNull(checks, "checks");
        List<Check> sorted = new ArrayList<>(checks);
        sorted.forEach(c -> Objects.requireNonNull(c, "check"));
        sorted.sort(Comparator.comparing(Check::id));
        Map<String, Check> ids = new LinkedHashMap<>();
        for (Check check : sorted) {
            if (ids.putIfAbsent(check.id(), check) != null) {
                throw new IllegalArgumentException("check id '" + check.id() + "' is registered twice.");
            }
            if (check.level() != Level.BASELINE && check.level() != Level.RESTRICTED) {
                throw new IllegalArgumentException(
                        "check '" + check.id() + "' must be a baseline or restricted check, not " + check.level() + ".");
            }
            validateVersions(check);
        }
        for (Check check : sorted) {
            Optional<String> overridden = check.overrides();
            if (overridden.isEmpty()) {
                continue;
            }
            if (check.level() != Level.RESTRICTED) {
                throw new IllegalArgumentException(
                        "check '" + check.id() + "' overrides '" + overridden.get() + "' but only restricted checks may.");
            }
            Check target = ids.get(overridden.get());
            if (target == null) {
                throw new IllegalArgumentException(
                        "check '" + check.id() + "' overrides the unknown check '" + overridden.get() + "'.");
            }
            if (target.level() != Level.BASELINE) {
                throw new IllegalArgumentException("check '" + check.id() + "' overrides '" + target.id()
                        + "', which is a " + target.level() + " check, not a baseline one.");
            }
        }
        this.checks = List.copyOf(sorted);
        this.byId = Map.copyOf(ids);
    }

    private static void validateVersions(Check check) {
        List<Version> versions = check.versions();
        if (versions == null || versions.isEmpty()) {
            throw new IllegalArgumentException("check '" + check.id() + "' has no versions.");
        }
        for (int i = 1; i < versions.size(); i++) {
            if (versions.get(i).compareTo(versions.get(i - 1)) <= 0) {
                throw new IllegalArgumentException(
                        "check '" + check.id() + "' must list its versions in strictly ascending order.");
            }
        }
        if (versions.get(versions.size() - 1).compareTo(Version.NEWEST) > 0) {
            throw new IllegalArgumentException(
                    "check '" + check.id() + "' names a version newer than " + Version.NEWEST + ".");
        }
    }

    /** The registry of the 19 upstream PSA checks. */
    public static CheckRegistry standard() {
        return STANDARD;
    }

    /** Every check, sorted by id. */
    public List<Check> all() {
        return checks;
    }

    public Optional<Check> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * The checks PSA runs at a level and version, sorted by id; a version newer than {@link Version#NEWEST} is
     * evaluated as NEWEST, and the privileged level runs no check.
     */
    public List<Check> checksFor(Level level, Version version) {
        Objects.requireNonNull(level, "level");
        Version v = Objects.requireNonNull(version, "version");
        if (level == Level.PRIVILEGED) {
            return List.of();
        }
        Set<String> overridden = new HashSet<>();
        if (level == Level.RESTRICTED) {
            for (Check c : checks) {
                if (c.level() == Level.RESTRICTED && c.appliesAt(v)) {
                    c.overrides().ifPresent(overridden::add);
                }
            }
        }
        List<Check> result = new ArrayList<>();
        for (Check c : checks) {
            if (!c.level().tighterThan(level) && c.appliesAt(v) && !overridden.contains(c.id())) {
                result.add(c);
            }
        }
        return List.copyOf(result);
    }

    /**
     * The check that replaces the given one at a level and version: the applicable restricted check that overrides
     * it at the restricted level; empty when the check itself runs there, or nothing replaces it.
     */
    public Optional<Check> replacementFor(String checkId, Level level, Version version) {
        if (level != Level.RESTRICTED) {
            return Optional.empty();
        }
        return checks.stream()
                .filter(c -> c.level() == Level.RESTRICTED && c.appliesAt(version)
                        && c.overrides().filter(checkId::equals).isPresent())
                .findFirst();
    }
}
