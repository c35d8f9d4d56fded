package dev.tolk.tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Locates {@code shared/data} (env TOLK_SHARED, or walking up from the working directory). */
final class SharedData {
    private SharedData() {}

    static Optional<Path> dir() {
        String env = System.getenv("TOLK_SHARED");
        if (env != null && !env.isEmpty()) {
            Path p = Path.of(env);
            Path data = p.resolve("data");
            if (Files.isDirectory(data)) {
                return Optional.of(data);
            }
            if (Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path data = p.resolve("shared").resolve("data");
            if (Files.isDirectory(data)) {
                return Optional.of(data);
            }
        }
        return Optional.empty();
    }
}
