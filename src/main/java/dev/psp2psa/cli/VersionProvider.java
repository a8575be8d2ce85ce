package dev.psp2psa.cli;

import dev.psp2psa.pss.Version;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** Prints psp2psa's version and the newest Pod Security Standards version it knows. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/psp2psa-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return new String[] {
            "psp2psa " + p.getProperty("version", "unknown"),
            "Pod Security Standards known: v1.0 to " + Version.NEWEST
        };
    }
}
