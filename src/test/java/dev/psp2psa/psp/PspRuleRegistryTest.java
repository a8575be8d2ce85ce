package dev.psp2psa.psp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.psp2psa.pss.CheckRegistry;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PspRuleRegistryTest {

    /** Fields of PodSecurityPolicySpec that no rule claims on purpose, with the reason. */
    static final Map<String, String> DELIBERATELY_UNMAPPED = Map.of();

    private static final PspRuleRegistry REGISTRY = PspRuleRegistry.standard();

    static List<String> specFields() {
        ObjectMapper mapper = new ObjectMapper();
        BeanDescription d = mapper.getSerializationConfig()
                .introspect(mapper.constructType(PodSecurityPolicySpec.class));
        TreeSet<String> names = new TreeSet<>();
        for (BeanPropertyDefinition p : d.findProperties()) {
            if (!p.getName().equals("additionalProperties")) {
                names.add(p.getName());
            }
        }
        return List.copyOf(names);
    }

    @Test
    void everySpecFieldIsClaimedByARuleOrDeliberatelyUnmapped() {
        List<String> fields = specFields();
        assertEquals(24, fields.size(), fields::toString);
        List<String> unclaimed = new ArrayList<>();
        for (String field : fields) {
            if (REGISTRY.byField(field).isEmpty() && !DELIBERATELY_UNMAPPED.containsKey(field)) {
                unclaimed.add(field);
            }
        }
        assertEquals(List.of(), unclaimed, "PodSecurityPolicySpec fields claimed by no rule");
        for (String field : DELIBERATELY_UNMAPPED.keySet()) {
            assertTrue(fields.contains(field), field + " is not a PodSecurityPolicySpec field");
            assertTrue(REGISTRY.byField(field).isEmpty(), field + " is both unmapped and claimed");
        }
    }

    @Test
    void everyClaimedFieldIsASpecFieldOrAKnownAnnotation() {
        List<String> fields = specFields();
        for (String claimed : REGISTRY.claimedFields()) {
            assertTrue(fields.contains(claimed) || claimed.contains(".kubernetes.io/"), claimed);
        }
        assertEquals(List.of(AppArmorRule.ALLOWED_KEY, AppArmorRule.DEFAULT_KEY, SeccompRule.ALLOWED_KEY,
                SeccompRule.DEFAULT_KEY), REGISTRY.claimedFields().stream().filter(f -> f.contains("/")).toList());
    }

    @Test
    void rulesAreSortedByIdAndBearOnKnownChecks() {
        List<String> ids = REGISTRY.all().stream().map(PspRule::id).toList();
        assertEquals(ids.stream().sorted().toList(), ids);
        assertEquals(22, ids.size());
        for (PspRule rule : REGISTRY.all()) {
            for (String check : rule.checks()) {
                assertTrue(CheckRegistry.standard().byId(check).isPresent(), rule.id() + " names " + check);
            }
            assertTrue(rule.description().endsWith("."), rule.id());
            assertFalse(rule.fields().isEmpty() && rule.annotations().isEmpty(), rule.id());
        }
    }

    @Test
    void everyRuleStatesItsConditionsForBothLevels() {
        for (PspRule rule : REGISTRY.all()) {
            for (String condition : List.of(rule.baselineCondition(), rule.restrictedCondition())) {
                assertFalse(condition == null || condition.isBlank(), rule.id());
                assertFalse(condition.endsWith("."), rule.id() + ": " + condition);
            }
            if (rule.checks().isEmpty()) {
                assertTrue(rule.baselineCondition().startsWith("no opinion"), rule.id());
                assertTrue(rule.restrictedCondition().startsWith("no opinion"), rule.id());
            }
        }
        assertEquals("false / undefined", REGISTRY.byId("privileged").orElseThrow().baselineCondition());
        assertEquals("rule MustRunAsNonRoot", REGISTRY.byId("runAsUser").orElseThrow().restrictedCondition());
    }

    @Test
    void everyPssCheckButHostProbesIsCoveredByARule() {
        TreeSet<String> covered = new TreeSet<>();
        REGISTRY.all().forEach(r -> covered.addAll(r.checks()));
        List<String> uncovered = CheckRegistry.standard().all().stream().map(c -> c.id())
                .filter(id -> !covered.contains(id)).toList();
        assertEquals(List.of("hostProbesAndHostLifecycle"), uncovered);
    }

    @Test
    void rejectsDuplicateIdsAndFieldsClaimedTwice() {
        assertThrows(IllegalArgumentException.class,
                () -> new PspRuleRegistry(List.of(new PrivilegedRule(), new PrivilegedRule())));
        PspRule other = new AbstractRule("other", List.of("privileged"), List.of(), List.of(), "Other.", false) {
            @Override
            public java.util.Optional<Block> block(io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy p,
                    dev.psp2psa.pss.Level l, dev.psp2psa.pss.Version v) {
                return java.util.Optional.empty();
            }

            @Override
            public List<String> validate(io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy p,
                    io.fabric8.kubernetes.api.model.Pod pod) {
                return List.of();
            }

            @Override
            public java.util.Optional<dev.psp2psa.cel.CelPredicate> predicate(
                    io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy p) {
                return java.util.Optional.empty();
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PspRuleRegistry(List.of(new PrivilegedRule(), other)));
        assertTrue(e.getMessage().contains("privileged"));
    }
}
