package dev.psp2psa.verify;

import dev.psp2psa.inventory.Sourced;
import dev.psp2psa.plan.AccountClass;
import dev.psp2psa.plan.NamespacePlan;
import dev.psp2psa.plan.Plan;
import dev.psp2psa.psp.Admission;
import dev.psp2psa.psp.Gaps;
import dev.psp2psa.psp.PspAnalyzer;
import dev.psp2psa.psp.PspLevel;
import dev.psp2psa.psp.RuleGap;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The pods {@code verify} generates at the boundary of every usable PSP: in every namespace of the plan, and for the
 * default class in a namespace the input does not name and in {@code default} (when the input does not name it), so
 * a migration that leaves unlisted namespaces open is caught.
 */
final class BoundaryPods {

    /** The service account boundary pods use for the class of accounts the input does not name. */
    static final String UNNAMED_ACCOUNT = "psp2psa-unnamed";

    private final PspAnalyzer psp;
    private final Plan plan;
    private final Map<String, Sourced<PodSecurityPolicy>> psps;
    private final Function<String, Optional<Level>> labelled;
    private final Set<String> planned = new TreeSet<>();

    /** @param labelled the enforce level the directory sets for a namespace, if any */
    BoundaryPods(PspAnalyzer psp, Plan plan, Map<String, Sourced<PodSecurityPolicy>> psps,
            Function<String, Optional<Level>> labelled) {
        this.psp = psp;
        this.plan = plan;
        this.psps = psps;
        this.labelled = labelled;
        plan.namespaces().forEach(n -> planned.add(n.name()));
    }

    /**
     * For every usable PSP of every namespace, of the default class in a namespace the input does not name and in
     * {@code default}: the witness of each level reason, the witness of each gap at the
     * namespace's enforce level, and the nearest admitted twin (the gap machinery's base pod as the PSP admits it),
     * each with the service account of a class that can use the PSP.
     */
    List<VerifyService.Subject> all() {
        List<VerifyService.Subject> out = new ArrayList<>();
        Map<String, PspLevel> levels = new HashMap<>();
        for (NamespacePlan ns : plan.namespaces()) {
            boundaryPods(ns.name(), ns, levels, out);
        }
        // The default class, in a namespace the input does not name and in default when the input does not name it.
        String unlisted = UNLISTED_NAMESPACE;
        while (planned.contains(unlisted)) {
            unlisted = unlisted + "-x";
        }
        boundaryPods(unlisted, plan.defaultClass(), levels, out);
        if (!planned.contains("default")) {
            boundaryPods("default", plan.defaultClass(), levels, out);
        }
        return out;
    }

    /** The namespace boundary pods test the default class in: one the input does not name. */
    static final String UNLISTED_NAMESPACE = "psp2psa-unlisted";

    private void boundaryPods(String namespace, NamespacePlan ns, Map<String, PspLevel> levels,
            List<VerifyService.Subject> out) {
        Version target = plan.targetVersion();
        Set<String> done = new TreeSet<>();
        Level enforce = labelled.apply(namespace).orElse(ns.recommended().enforce());
        for (AccountClass c : ns.accountClasses()) {
            String sa = c.others() ? UNNAMED_ACCOUNT : c.serviceAccounts().get(0);
            for (String name : c.psps()) {
                Sourced<PodSecurityPolicy> sourced = psps.get(name);
                if (sourced == null || !done.add(name)) {
                    continue;
                }
                PodSecurityPolicy p = sourced.object();
                Origin at = new Origin(name, sourced.source());
                PspLevel level = levels.computeIfAbsent(name, k -> psp.level(p, target));
                for (PspLevel.Reason r : level.reasons()) {
                    out.add(generated(namespace, at, r.rule(), "witness-" + r.blocks().id(), sa, r.witness().pod()));
                }
                for (RuleGap g : psp.gaps(p, enforce, target)) {
                    out.add(generated(namespace, at, g.rule(), "gap-witness", sa, g.witness()));
                }
                // Each witness is one of two base pods plus one offending change: the bases, as the PSP admits
                // them, are the witnesses' nearest admitted twins.
                Pod gapBase = Gaps.basePod();
                Admission twin = psp.admit(p, gapBase.getMetadata(), gapBase.getSpec());
                if (twin.allowed()) {
                    out.add(generated(namespace, at, "base", "twin", sa, twin.pod()));
                }
                Pod levelBase = psp.witnessBase(p);
                Admission levelTwin = psp.admit(p, levelBase.getMetadata(), levelBase.getSpec());
                if (levelTwin.allowed() && !level.reasons().isEmpty()) {
                    out.add(generated(namespace, at, "base", "witness-twin", sa, levelTwin.pod()));
                }
            }
        }
    }

    /** The PSP a boundary pod is generated from, and where the input holds it. */
    private record Origin(String psp, dev.psp2psa.inventory.Source source) {
    }

    private static VerifyService.Subject generated(String namespace, Origin at, String rule, String kind, String sa,
            Pod pod) {
        String psp = at.psp();
        ObjectMeta meta = pod.getMetadata() == null ? new ObjectMeta() : pod.getMetadata();
        String name = psp + "-" + rule + "-" + kind;
        meta.setName(name.toLowerCase(java.util.Locale.ROOT));
        meta.setNamespace(namespace);
        PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
        spec.setServiceAccountName(sa);
        return new VerifyService.Subject("generated:" + psp + "/" + rule + "/" + kind, at.source(), psp, namespace, "Pod",
                meta.getName(), sa, true, meta, spec);
    }

}
