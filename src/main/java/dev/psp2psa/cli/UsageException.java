package dev.psp2psa.cli;

/** A combination of options that cannot work together; reported as a usage error (exit 2). */
public class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
