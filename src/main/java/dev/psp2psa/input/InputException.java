package dev.psp2psa.input;

/**
 * Bad input: a file that cannot be read, parsed or understood. Carries the place (file, 1-based line and
 * column, 0 when unknown) and a one-sentence message ending with a period.
 */
public class InputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;

    public InputException(String file, int line, int column, String message) {
        this(file, line, column, message, null);
    }

    public InputException(String file, int line, int column, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** {@code file:line:col: message}, leaving out the parts that are unknown. */
    public String located() {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) {
                sb.append(':').append(line);
                if (column > 0) {
                    sb.append(':').append(column);
                }
            }
            sb.append(": ");
        }
        return sb.append(getMessage()).toString();
    }
}
