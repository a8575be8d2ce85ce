package dev.psp2psa.emit;

import dev.psp2psa.policy.GapPolicy;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodSecurityPolicy;
import java.util.List;
import java.util.Map;

/** Placeholder, replaced below. */
final class GatekeeperLibraryEmitter {
    private GatekeeperLibraryEmitter() {
    }

    static void emit(List<GapPolicy> policies, Map<String, PodSecurityPolicy> psps, VapEmitter.Mode mode,
            OutputTree tree) {
        throw new UnsupportedOperationException();
    }
}
