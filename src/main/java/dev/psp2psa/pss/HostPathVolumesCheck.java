package dev.psp2psa.pss;

import static dev.psp2psa.pss.CheckSupport.joinQuote;
import static dev.psp2psa.pss.CheckSupport.nonNull;
import static dev.psp2psa.pss.CheckSupport.pluralize;
import static dev.psp2psa.pss.CheckSupport.str;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;

/** {@code hostPathVolumes} (baseline, v1.0+): hostPath volumes are forbidden. */
public final class HostPathVolumesCheck extends AbstractCheck {

    public HostPathVolumesCheck() {
        super("hostPathVolumes", Level.BASELINE, null, "hostPath volumes are forbidden.", 0);
    }

    @Override
    CheckResult evaluate(ObjectMeta meta, PodSpec spec, Version version) {
        List<String> bad = new ArrayList<>();
        for (Volume v : nonNull(spec.getVolumes())) {
            if (v.getHostPath() != null) {
                bad.add(str(v.getName()));
            }
        }
        if (bad.isEmpty()) {
            return CheckResult.ALLOWED;
        }
        return CheckResult.forbidden("hostPath volumes",
                String.format("%s %s", pluralize("volume", "volumes", bad.size()), joinQuote(bad)));
    }
}
