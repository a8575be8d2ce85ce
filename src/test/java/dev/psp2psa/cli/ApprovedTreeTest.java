package dev.psp2psa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The approved-directory comparison sees a missing, an extra and a changed file, and nothing else. */
class ApprovedTreeTest {

    @Test
    void differencesNameEachPathAndHow() {
        Map<String, String> approved = Map.of("a.yaml", "x\n", "b.yaml", "y\n", "c.yaml", "z\n");
        Map<String, String> received = Map.of("a.yaml", "x\n", "c.yaml", "z \n", "d.yaml", "w\n");
        assertEquals(List.of("-b.yaml", "~c.yaml", "+d.yaml"), ApprovedTree.differences(approved, received));
        assertEquals(List.of(), ApprovedTree.differences(approved, approved));
    }
}
