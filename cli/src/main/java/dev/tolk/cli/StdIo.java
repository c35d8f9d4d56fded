package dev.tolk.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntSupplier;

/**
 * Standard input for commands, replaceable in tests, and the opening of input files ({@code -} is standard input).
 * Commands read through {@link #open(String)} instead of {@code System.in}, and write through picocli's
 * {@code getOut()}/{@code getErr()} instead of {@code System.out}/{@code err}.
 */
public final class StdIo {
    private record Stdin(InputStream stream, boolean isStream) {}

    private static final ThreadLocal<Stdin> IN = new ThreadLocal<>();

    private StdIo() {}

    /** The current standard input. */
    public static InputStream in() {
        Stdin in = IN.get();
        return in != null ? in.stream() : System.in;
    }

    /** {@code file} opened for reading, or standard input for {@code -}. */
    static InputStream open(String file) throws IOException {
        return "-".equals(file) ? in() : Files.newInputStream(Path.of(file));
    }

    /** The name of {@code file} in messages: {@code <stdin>} for {@code -}. */
    static String name(String file) {
        return "-".equals(file) ? "<stdin>" : file;
    }

    /**
     * Whether {@code file} is a stream — standard input from a pipe or a terminal, or a named pipe — rather than a
     * regular file: streams are processed line by line as they arrive.
     */
    static boolean isStream(String file) {
        if (!"-".equals(file)) {
            return !Files.isRegularFile(Path.of(file));
        }
        Stdin in = IN.get();
        if (in != null) {
            return in.isStream();
        }
        Path stdin = Path.of("/dev/stdin"); // Linux and macOS: a link to the file or pipe behind descriptor 0
        return !Files.exists(stdin) || !Files.isRegularFile(stdin);
    }

    /** Runs {@code body} with {@code in} as standard input on this thread; {@code isStream} as for a pipe. */
    static int withInput(InputStream in, boolean isStream, IntSupplier body) {
        Stdin prev = IN.get();
        IN.set(new Stdin(in, isStream));
        try {
            return body.getAsInt();
        } finally {
            if (prev == null) {
                IN.remove();
            } else {
                IN.set(prev);
            }
        }
    }
}
