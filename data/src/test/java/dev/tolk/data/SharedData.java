package dev.tolk.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Locates the shared development corpora: {@code $TOLK_SHARED} (the {@code shared} directory or its
 * {@code data} subdirectory), else the first {@code shared/data} found walking up from the working directory.
 */
final class SharedData {
    private SharedData() {}

    static Optional<Path> dir() {
        String env = System.getenv("TOLK_SHARED");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            if (Files.isDirectory(p.resolve("data"))) {
                return Optional.of(p.resolve("data"));
            }
            if (Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static Optional<Path> file(String relative) {
        return dir().map(d -> d.resolve(relative)).filter(Files::isRegularFile);
    }
}
