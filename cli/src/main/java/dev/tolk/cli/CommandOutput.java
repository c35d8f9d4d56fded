package dev.tolk.cli;

import dev.tolk.data.AtomicFile;
import java.io.Closeable;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code -o/--output FILE}: where a command writes its results. Standard output by default; a file is written
 * through {@link AtomicFile}, so it is replaced only when the command succeeds ({@link Opened#commit()}) and an old
 * file survives any failure.
 */
final class CommandOutput {
    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the results to FILE, replaced only when the command succeeds (default: standard"
                    + " output).")
    Path file;

    /** Opens the output; close it after {@link Opened#commit()} (closing without a commit abandons a file). */
    Opened open(CommandSpec spec) throws IOException {
        return new Opened(
                file == null ? null : AtomicFile.create(file),
                spec.commandLine().getOut());
    }

    /** An open output. */
    static final class Opened implements Closeable {
        private final AtomicFile file;
        private final Writer writer;
        private final PrintWriter out;

        private Opened(AtomicFile file, PrintWriter stdout) {
            this.file = file;
            Writer target = file == null ? stdout : file.writer();
            this.writer = new FilterWriter(target) {
                @Override
                public void close() throws IOException {
                    flush(); // the output is ended by commit or close, not by whoever writes into it
                }
            };
            this.out = file == null ? stdout : new PrintWriter(writer);
        }

        /** For text. */
        PrintWriter out() {
            return out;
        }

        /** For writers that close what they are given. */
        Writer writer() {
            return writer;
        }

        /** Makes the results final: flushes standard output, or replaces the file. */
        void commit() throws IOException {
            out.flush();
            if (file != null) {
                file.commit();
            }
        }

        @Override
        public void close() throws IOException {
            if (file != null) {
                file.close();
            } else {
                out.flush();
            }
        }
    }
}
