package dev.psp2psa.cli;

import dev.psp2psa.emit.VapEmitter;
import dev.psp2psa.plan.PlanFinding;
import dev.psp2psa.policy.Engine;
import dev.psp2psa.policy.GatekeeperTemplates;
import dev.psp2psa.pss.Level;
import dev.psp2psa.pss.Version;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;

/**
 * The picocli converters of psp2psa's option values. A bad value is a usage error: picocli reports it with the
 * {@link UsageException} as its cause, which {@link Cli} prints as the one sentence it is. The options using them
 * declare {@code type = Object.class} (or {@code List.class, Object.class}): for an enum type, picocli would add the
 * constants to the completion script, which completes these values as free text.
 */
final class OptionConverters {

    private OptionConverters() {
    }

    /** Turns the {@link IllegalArgumentException} of a parse method into a usage error. */
    private static <T> T parse(String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** {@code privileged}, {@code baseline} or {@code restricted}. */
    static final class LevelConverter implements ITypeConverter<Level> {
        @Override
        public Level convert(String text) {
            return parse(text, Level::parse);
        }
    }

    /** {@code latest} or {@code v1.N}. */
    static final class VersionConverter implements ITypeConverter<Version> {
        @Override
        public Version convert(String text) {
            return parse(text, Version::parse);
        }
    }

    /**
     * A Kubernetes version {@code v1.N} with N at least 22 (Pod Security Admission needs 1.22, alpha, or 1.23, on by
     * default); a newer version than psp2psa knows counts as the newest it knows.
     */
    static final class ClusterVersionConverter implements ITypeConverter<Version> {
        @Override
        public Version convert(String text) {
            if (text.trim().equalsIgnoreCase("latest")) {
                throw new UsageException("--cluster-version names the Kubernetes version of the cluster, such as "
                        + "v1.24, not latest.");
            }
            Version v = parse(text, Version::parse);
            if (v.minor() < 22) {
                throw new UsageException("--cluster-version " + v + ": Pod Security Admission needs Kubernetes 1.22 "
                        + "(alpha, behind the PodSecurity feature gate) or 1.23 (on by default); upgrade to 1.23 or "
                        + "1.24 while PSP is still on, then plan the migration for that version.");
            }
            return v;
        }
    }

    /** {@code vap}, {@code kyverno} or {@code gatekeeper}; {@code none} (or nothing) is null: no engine. */
    static final class EngineConverter implements ITypeConverter<Engine> {
        @Override
        public Engine convert(String text) {
            return text.isBlank() || text.trim().equals("none") ? null : parse(text, Engine::parse);
        }
    }

    /** {@code deny} or {@code warn}. */
    static final class PolicyModeConverter implements ITypeConverter<VapEmitter.Mode> {
        @Override
        public VapEmitter.Mode convert(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "deny" -> VapEmitter.Mode.DENY;
                case "warn" -> VapEmitter.Mode.WARN;
                default -> throw new UsageException("unknown --policy-mode '" + text + "': expected deny or warn.");
            };
        }
    }

    /** {@code psp2psa} or {@code library}. */
    static final class GatekeeperTemplatesConverter implements ITypeConverter<GatekeeperTemplates> {
        @Override
        public GatekeeperTemplates convert(String text) {
            return parse(text, GatekeeperTemplates::parse);
        }
    }

    /** A {@link PlanFinding} by its id, case-insensitive, or {@code never}, which is null: no finding. */
    static final class FailOnConverter implements ITypeConverter<PlanFinding> {
        @Override
        public PlanFinding convert(String text) {
            String t = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            if (t.equals("NEVER")) {
                return null;
            }
            for (PlanFinding f : PlanFinding.values()) {
                if (f.name().equals(t)) {
                    return f;
                }
            }
            throw new UsageException("unknown --fail-on value '" + text
                    + "': expected never, gaps, mutations, not-restricted, problems, none or bypass.");
        }
    }
}
