package dev.psp2psa.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psp2psa.cli.CliRunResult;
import org.junit.jupiter.api.Test;

/** The subjects written on the command line ({@code --label-admins}). */
class SubjectRefTest {

    @Test
    void usersGroupsAndServiceAccounts() {
        assertEquals(RbacSubject.user("alice@example.com"), RbacSubject.parseRef("user:alice@example.com"));
        assertEquals(RbacSubject.group("system:masters"), RbacSubject.parseRef("Group:system:masters"));
        assertEquals(RbacSubject.serviceAccount("argocd", "argocd-server"),
                RbacSubject.parseRef("serviceaccount:argocd:argocd-server"));
        assertThrows(IllegalArgumentException.class, () -> RbacSubject.parseRef("alice"));
        assertThrows(IllegalArgumentException.class, () -> RbacSubject.parseRef("user:"));
        assertThrows(IllegalArgumentException.class, () -> RbacSubject.parseRef("serviceaccount:argocd"));
    }

    @Test
    void aSubjectOfAnotherFormIsAUsageError() {
        CliRunResult r = CliRunResult.of("analyze", "-f", "samples/cluster", "--label-admins", "group:ops,bob");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--label-admins bob: write user:NAME, group:NAME or"), r.err());
    }
}
