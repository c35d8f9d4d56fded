package dev.tolk.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Locates {@code shared/data} (env TOLK_SHARED, or walking up from the working directory). */
final class SharedData {
    private SharedData() {}

    /** The {@code shared/data} directory, when present. */
    static Optional<Path> dataDir() {
        String env = System.getenv("TOLK_SHARED");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            for (Path c : new Path[] {p.resolve("data"), p}) {
                if (Files.isDirectory(c.resolve("bleu-vectors"))) {
                    return Optional.of(c);
                }
            }
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path c = d.resolve("shared").resolve("data");
            if (Files.isDirectory(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
