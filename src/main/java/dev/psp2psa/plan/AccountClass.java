package dev.psp2psa.plan;

import java.util.List;

/**
 * Service accounts of a namespace that may use the same PSPs (through their own grants and, for the pods of
 * workloads, the controllers'; people too with --include-users). {@code serviceAccounts} empty means every service
 * account of the namespace not named in another class.
 */
public record AccountClass(List<String> serviceAccounts, List<String> psps) {

    public AccountClass {
        serviceAccounts = List.copyOf(serviceAccounts);
        psps = List.copyOf(psps);
    }

    public boolean others() {
        return serviceAccounts.isEmpty();
    }
}
