package dev.psp2psa.plan;

import java.util.List;

/**
 * A person or group other than service accounts that may use PSPs, so may create pods with them by hand; counted
 * in namespace levels only with --include-users. {@code scope} is a namespace or {@code *}.
 */
public record UserAccess(String subject, List<String> psps, List<String> scopes) {

    public UserAccess {
        psps = List.copyOf(psps);
        scopes = List.copyOf(scopes);
    }
}
