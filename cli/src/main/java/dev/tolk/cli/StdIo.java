package dev.tolk.cli;

import java.io.InputStream;
import java.util.function.IntSupplier;

/**
 * Standard input for commands, replaceable in tests. Commands read {@link #in()} instead of {@code System.in},
 * and write through picocli's {@code getOut()}/{@code getErr()} instead of {@code System.out}/{@code err}.
 */
public final class StdIo {
    private static final ThreadLocal<InputStream> IN = new ThreadLocal<>();

    private StdIo() {}

    /** The current standard input. */
    public static InputStream in() {
        InputStream in = IN.get();
        return in != null ? in : System.in;
    }

    /** Runs {@code body} with {@code in} as standard input on this thread. */
    static int withInput(InputStream in, IntSupplier body) {
        InputStream prev = IN.get();
        IN.set(in);
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
