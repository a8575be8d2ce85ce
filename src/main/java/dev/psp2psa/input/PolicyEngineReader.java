package dev.psp2psa.input;

import dev.psp2psa.inventory.PolicySet;
import java.util.List;

/**
 * Reads the policies of one engine from its directory of a migration directory ({@code vap/}, {@code kyverno/},
 * ...). Registered in {@link PolicyDirReader}; a new engine is one more implementation.
 */
public interface PolicyEngineReader {

    /** The engine id, as verify reports it: {@code vap}, {@code kyverno}. */
    String engine();

    /** The engine's directory inside the migration directory. */
    String directory();

    /**
     * The policies of the documents (every document of every YAML file of the directory, in file order;
     * kustomizations already left out).
     *
     * @throws InputException when a document is malformed
     */
    List<PolicySet.CelPolicy> read(List<PolicyDocument> documents);
}
