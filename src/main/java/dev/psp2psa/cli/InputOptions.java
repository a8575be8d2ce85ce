package dev.psp2psa.cli;

import dev.psp2psa.input.InventoryReader;
import dev.psp2psa.inventory.Inventory;
import java.io.InputStream;
import java.util.List;
import picocli.CommandLine.Option;

/** The input options shared by every command that reads Kubernetes objects. */
public final class InputOptions {

    @Option(names = {"-f", "--filename"}, paramLabel = "PATH", required = true,
            description = "A YAML or JSON file, a directory (read recursively: *.yaml, *.yml, *.json) or - for "
                    + "stdin. Repeatable. Multi-document YAML and kubectl's 'kind: List' output are understood.")
    List<String> paths;

    Inventory read(InputStream stdin) {
        return new InventoryReader().read(paths, stdin);
    }
}
