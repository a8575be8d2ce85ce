package dev.psp2psa.plan;

import java.util.List;

/**
 * A given workload that the recommended labels and gap policies deny as it is today, although PSP admitted it: PSP
 * set fields on its pods that it does not set itself. {@code checks} are the Pod Security Standards checks its pods
 * fail at the recommended enforce level as submitted; {@code fields} how many fields PSP set on them (the namespace's
 * fields to add). Once those fields are added, the workload is admitted.
 */
public record WorkloadDenial(String workload, List<String> checks, int fields) {

    public WorkloadDenial {
        checks = List.copyOf(checks);
    }
}
