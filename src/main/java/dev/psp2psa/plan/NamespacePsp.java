package dev.psp2psa.plan;

import java.util.List;

/**
 * A PSP usable in a namespace: by which service accounts (a {@code *} entry means every service account of the
 * namespace, {@code (controllers)} the kube-system controllers that create pods of workloads, {@code (users)}
 * people or other groups, counted only with --include-users) and through which grants.
 */
public record NamespacePsp(String name, List<String> serviceAccounts, List<GrantPath> grants) {

    public NamespacePsp {
        serviceAccounts = List.copyOf(serviceAccounts);
        grants = List.copyOf(grants);
    }
}
