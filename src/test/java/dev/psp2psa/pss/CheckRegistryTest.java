package dev.psp2psa.pss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckRegistryTest {

    private final CheckRegistry registry = CheckRegistry.standard();

    private static List<String> ids(List<Check> checks) {
        return checks.stream().map(Check::id).toList();
    }

    @Test
    void holdsTheNineteenUpstreamIdsSorted() {
        List<String> ids = ids(registry.all());
        assertEquals(List.of("allowPrivilegeEscalation", "appArmorProfile", "capabilities_baseline",
                "capabilities_restricted", "hostNamespaces", "hostPathVolumes", "hostPorts",
                "hostProbesAndHostLifecycle", "privileged", "procMount", "procMount_restricted", "restrictedVolumes",
                "runAsNonRoot", "runAsUser", "seLinuxOptions", "seccompProfile_baseline", "seccompProfile_restricted",
                "sysctls", "windowsHostProcess"), ids);
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        assertEquals(sorted, ids);
    }

    @Test
    void everyCheckHasAscendingVersionsUpToNewestAndADescription() {
        for (Check check : registry.all()) {
            List<Version> versions = check.versions();
            for (int i = 1; i < versions.size(); i++) {
                assertTrue(versions.get(i).compareTo(versions.get(i - 1)) > 0, check.id());
            }
            assertTrue(versions.get(versions.size() - 1).compareTo(Version.NEWEST) <= 0, check.id());
            assertTrue(check.description().endsWith("."), check.id());
        }
        assertEquals(Version.NEWEST, registry.all().stream()
                .map(c -> c.versions().get(c.versions().size() - 1)).max(Version::compareTo).orElseThrow());
    }

    @Test
    void byId() {
        assertEquals("sysctls", registry.byId("sysctls").orElseThrow().id());
        assertEquals(Optional.empty(), registry.byId("Sysctls"));
        assertEquals(Optional.empty(), registry.byId("ulimits"));
    }

    @Test
    void overrides() {
        assertEquals(Optional.of("capabilities_baseline"), registry.byId("capabilities_restricted").orElseThrow().overrides());
        assertEquals(Optional.of("seccompProfile_baseline"),
                registry.byId("seccompProfile_restricted").orElseThrow().overrides());
        assertEquals(Optional.of("procMount"), registry.byId("procMount_restricted").orElseThrow().overrides());
        assertEquals(Optional.of("hostPathVolumes"), registry.byId("restrictedVolumes").orElseThrow().overrides());
        assertEquals(4, registry.all().stream().filter(c -> c.overrides().isPresent()).count());
    }

    @Test
    void privilegedRunsNothing() {
        assertEquals(List.of(), registry.checksFor(Level.PRIVILEGED, Version.NEWEST));
    }

    @Test
    void baselineAtV10AndNewest() {
        List<String> v0 = ids(registry.checksFor(Level.BASELINE, Version.of(0)));
        assertEquals(11, v0.size());
        assertFalse(v0.contains("hostProbesAndHostLifecycle"));
        List<String> newest = ids(registry.checksFor(Level.BASELINE, Version.NEWEST));
        assertEquals(12, newest.size());
        assertTrue(newest.contains("hostProbesAndHostLifecycle"));
        assertTrue(registry.checksFor(Level.BASELINE, Version.NEWEST).stream().allMatch(c -> c.level() == Level.BASELINE));
    }

    @Test
    void capabilitiesOverrideStartsAtV122() {
        List<String> v21 = ids(registry.checksFor(Level.RESTRICTED, Version.of(21)));
        assertTrue(v21.contains("capabilities_baseline"));
        assertFalse(v21.contains("capabilities_restricted"));
        List<String> v22 = ids(registry.checksFor(Level.RESTRICTED, Version.of(22)));
        assertFalse(v22.contains("capabilities_baseline"));
        assertTrue(v22.contains("capabilities_restricted"));
    }

    @Test
    void seccompOverrideStartsAtV119AndProcMountAtV135() {
        assertTrue(ids(registry.checksFor(Level.RESTRICTED, Version.of(18))).contains("seccompProfile_baseline"));
        assertFalse(ids(registry.checksFor(Level.RESTRICTED, Version.of(19))).contains("seccompProfile_baseline"));
        assertTrue(ids(registry.checksFor(Level.RESTRICTED, Version.of(34))).contains("procMount"));
        List<String> v35 = ids(registry.checksFor(Level.RESTRICTED, Version.of(35)));
        assertFalse(v35.contains("procMount"));
        assertTrue(v35.contains("procMount_restricted"));
        assertFalse(ids(registry.checksFor(Level.RESTRICTED, Version.of(0))).contains("hostPathVolumes"));
    }

    @Test
    void restrictedCounts() {
        assertEquals(Set.of("allowPrivilegeEscalation", "appArmorProfile", "capabilities_restricted", "hostNamespaces",
                "hostPorts", "hostProbesAndHostLifecycle", "privileged", "procMount_restricted", "restrictedVolumes",
                "runAsNonRoot", "runAsUser", "seLinuxOptions", "seccompProfile_restricted", "sysctls",
                "windowsHostProcess"), Set.copyOf(ids(registry.checksFor(Level.RESTRICTED, Version.NEWEST))));
        assertEquals(12, registry.checksFor(Level.RESTRICTED, Version.of(0)).size());
        assertEquals(13, registry.checksFor(Level.RESTRICTED, Version.of(8)).size());
    }

    @Test
    void versionsAboveNewestAreCapped() {
        assertEquals(registry.checksFor(Level.RESTRICTED, Version.NEWEST),
                registry.checksFor(Level.RESTRICTED, Version.of(99)));
        assertEquals(registry.checksFor(Level.BASELINE, Version.NEWEST),
                registry.checksFor(Level.BASELINE, new Version(1000)));
    }

    @Test
    void replacementFor() {
        assertEquals("capabilities_restricted",
                registry.replacementFor("capabilities_baseline", Level.RESTRICTED, Version.of(22)).orElseThrow().id());
        assertEquals(Optional.empty(), registry.replacementFor("capabilities_baseline", Level.RESTRICTED, Version.of(21)));
        assertEquals(Optional.empty(), registry.replacementFor("capabilities_baseline", Level.BASELINE, Version.of(22)));
        assertEquals(Optional.empty(), registry.replacementFor("privileged", Level.RESTRICTED, Version.NEWEST));
    }

    @Test
    void rejectsDuplicateIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CheckRegistry(List.of(new PrivilegedCheck(), new HostPortsCheck(), new PrivilegedCheck())));
        assertTrue(e.getMessage().contains("privileged"));
    }

    @Test
    void rejectsAnOverrideOfAnUnknownCheck() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CheckRegistry(List.of(new CapabilitiesRestrictedCheck())));
        assertTrue(e.getMessage().contains("capabilities_baseline"));
    }

    @Test
    void rejectsAnOverrideOfARestrictedCheck() {
        Check overridesRestricted = new FakeCheck("x", Level.RESTRICTED, Optional.of("runAsUser"), List.of(Version.of(0)));
        assertThrows(IllegalArgumentException.class,
                () -> new CheckRegistry(List.of(new RunAsUserCheck(), overridesRestricted)));
    }

    @Test
    void rejectsAnOverrideByABaselineCheck() {
        Check baselineOverride = new FakeCheck("x", Level.BASELINE, Optional.of("privileged"), List.of(Version.of(0)));
        assertThrows(IllegalArgumentException.class,
                () -> new CheckRegistry(List.of(new PrivilegedCheck(), baselineOverride)));
    }

    @Test
    void rejectsBadLevelsAndVersions() {
        assertThrows(IllegalArgumentException.class, () -> new CheckRegistry(
                List.of(new FakeCheck("x", Level.PRIVILEGED, Optional.empty(), List.of(Version.of(0))))));
        assertThrows(IllegalArgumentException.class, () -> new CheckRegistry(
                List.of(new FakeCheck("x", Level.BASELINE, Optional.empty(), List.of()))));
        assertThrows(IllegalArgumentException.class, () -> new CheckRegistry(
                List.of(new FakeCheck("x", Level.BASELINE, Optional.empty(), List.of(Version.of(3), Version.of(3))))));
    }

    @Test
    void standardIsShared() {
        assertSame(CheckRegistry.standard(), CheckRegistry.standard());
        assertThrows(UnsupportedOperationException.class, () -> registry.all().clear());
    }

    private record FakeCheck(String id, Level level, Optional<String> overrides, List<Version> versions)
            implements Check {
        @Override
        public String description() {
            return "A fake.";
        }

        @Override
        public CheckResult check(ObjectMeta podMetadata, PodSpec podSpec, Version version) {
            return CheckResult.ALLOWED;
        }
    }
}
