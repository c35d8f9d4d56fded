package dev.tolk.seq2seq.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file is not a valid Tolk container: not one at all, truncated, corrupt, of an unsupported format version, or
 * of the wrong kind. The message is one line: file, problem, what to do.
 */
public final class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the file. */
    public enum Problem {
        /** The file does not start with the Tolk magic bytes. */
        NOT_A_MODEL,
        /** The file ends before the length its header announces. */
        TRUNCATED,
        /** Checksum mismatch, an invalid header, or trailing bytes. */
        CORRUPT,
        /** Written in a format version this Tolk does not read. */
        WRONG_VERSION,
        /** A valid container of another kind (a checkpoint where a model is expected, or the reverse). */
        WRONG_KIND
    }

    private final transient Path file;
    private final Problem problem;

    ModelFormatException(Path file, Problem problem, String detail) {
        super(file + ": " + detail);
        this.file = file;
        this.problem = problem;
    }

    /**
     * A valid container whose contents do not fit together (e.g. weights that do not match the stored
     * configuration).
     *
     * @param file the file
     * @param detail what is wrong
     * @return the exception, problem {@link Problem#CORRUPT}
     */
    public static ModelFormatException corrupt(Path file, String detail) {
        return new ModelFormatException(file, Problem.CORRUPT, detail);
    }

    /** @return the file that failed to load */
    public Path file() {
        return file;
    }

    /** @return the kind of problem */
    public Problem problem() {
        return problem;
    }
}
