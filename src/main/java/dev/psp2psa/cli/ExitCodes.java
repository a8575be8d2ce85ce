package dev.psp2psa.cli;

/** psp2psa's exit codes, as documented in {@code --help}. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FINDINGS = 1;
    public static final int USAGE = 2;
    public static final int BAD_INPUT = 3;
    public static final int INTERNAL = 4;

    private ExitCodes() {
    }
}
