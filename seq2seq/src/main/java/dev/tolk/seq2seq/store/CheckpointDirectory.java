package dev.tolk.seq2seq.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tolk.data.AtomicFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of one training run in a directory: files {@code ckpt-<step, 12 digits>.tolk}, plus a marker
 * {@value #BEST_MARKER} naming the best checkpoint's step. Retention keeps the {@code keep} latest checkpoints plus
 * the best one. Loading the latest skips corrupt or truncated files (a run killed mid-write on a file system without
 * atomic rename, a damaged disk) with a warning.
 */
public final class CheckpointDirectory {
    /** Name of the marker file holding the best checkpoint's step. */
    public static final String BEST_MARKER = "best-checkpoint.json";

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointDirectory.class);
    private static final Pattern NAME = Pattern.compile("ckpt-(\\d{12})\\.tolk");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final int keep;
    private final Consumer<String> warnings;

    /**
     * @param dir the directory (created on the first save)
     * @param keep how many latest checkpoints to keep, &ge; 1 (usually {@code train.keep_checkpoints})
     * @param warnings receives one-line warnings (skipped corrupt checkpoints)
     */
    public CheckpointDirectory(Path dir, int keep, Consumer<String> warnings) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1, got " + keep);
        }
        this.dir = dir;
        this.keep = keep;
        this.warnings = warnings;
    }

    /** Like {@link #CheckpointDirectory(Path, int, Consumer)}, warning through SLF4J. */
    public CheckpointDirectory(Path dir, int keep) {
        this(dir, keep, LOG::warn);
    }

    /** @return the file a checkpoint of {@code step} is stored in */
    public Path fileFor(long step) {
        return dir.resolve(String.format("ckpt-%012d.tolk", step));
    }

    /**
     * Writes a checkpoint atomically, marks it best if asked, then deletes checkpoints beyond retention.
     *
     * @param checkpoint the checkpoint
     * @param best whether it is the best so far by the run's metric
     * @return the file written
     * @throws IOException when writing fails
     */
    public Path save(Checkpoint checkpoint, boolean best) throws IOException {
        Path file = fileFor(checkpoint.step());
        checkpoint.write(file);
        if (best) {
            AtomicFile.writeString(dir.resolve(BEST_MARKER), "{\"step\":" + checkpoint.step() + "}\n");
        }
        prune();
        return file;
    }

    /**
     * @return the steps of the checkpoint files present, ascending
     * @throws IOException when the directory cannot be listed
     */
    public List<Long> steps() throws IOException {
        List<Long> steps = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return steps;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    steps.add(Long.parseLong(m.group(1)));
                }
            }
        }
        steps.sort(Comparator.naturalOrder());
        return steps;
    }

    /**
     * The files of the latest {@code n} checkpoints, oldest first, e.g. to average them ({@link WeightAverage}).
     *
     * @return at most {@code n} files: all of them when the directory holds fewer
     * @throws IOException when the directory cannot be listed
     */
    public List<Path> latestFiles(int n) throws IOException {
        List<Long> steps = steps();
        List<Path> files = new ArrayList<>();
        for (long s : steps.subList(Math.max(0, steps.size() - n), steps.size())) {
            files.add(fileFor(s));
        }
        return files;
    }

    /**
     * @return the best checkpoint's step, if a marker exists and names a present file
     * @throws IOException when the marker cannot be read
     */
    public OptionalLong bestStep() throws IOException {
        Path marker = dir.resolve(BEST_MARKER);
        try {
            JsonNode n = JSON.readTree(marker.toFile());
            if (n != null
                    && n.path("step").isIntegralNumber()
                    && Files.exists(fileFor(n.get("step").longValue()))) {
                return OptionalLong.of(n.get("step").longValue());
            }
            return OptionalLong.empty();
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return OptionalLong.empty();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            warnings.accept(marker + ": unreadable best-checkpoint marker, ignored (" + e.getOriginalMessage() + ")");
            return OptionalLong.empty();
        }
    }

    /**
     * The newest checkpoint that verifies, and the newer ones that did not.
     *
     * @param checkpoint the checkpoint, or empty when no file verifies
     * @param invalid the files skipped, newest first, each as {@code file: problem}
     */
    public record Latest(Optional<Checkpoint> checkpoint, List<String> invalid) {
        /** Copies the list. */
        public Latest {
            invalid = List.copyOf(invalid);
        }
    }

    /**
     * Loads the newest checkpoint that verifies, skipping invalid newer ones with a warning each.
     *
     * @return the checkpoint (empty when no file verifies) and the files skipped
     * @throws IOException on I/O errors other than invalid files
     */
    public Latest findLatest() throws IOException {
        List<Long> steps = steps();
        List<String> invalid = new ArrayList<>();
        for (int i = steps.size() - 1; i >= 0; i--) {
            Path f = fileFor(steps.get(i));
            try {
                return new Latest(Optional.of(Checkpoint.read(f)), invalid);
            } catch (ModelFormatException e) {
                warnings.accept("skipping invalid checkpoint " + e.getMessage());
                invalid.add(e.getMessage());
            }
        }
        return new Latest(Optional.empty(), invalid);
    }

    /**
     * Loads the newest checkpoint that verifies, skipping invalid newer ones with a warning each.
     *
     * @return the checkpoint, or empty when there is no valid one
     * @throws IOException on I/O errors other than invalid files
     */
    public Optional<Checkpoint> loadLatest() throws IOException {
        return findLatest().checkpoint();
    }

    /**
     * Deletes every checkpoint and the best marker (a new run replacing an old one).
     *
     * @return how many checkpoint files were deleted
     * @throws IOException when a file cannot be deleted
     */
    public int deleteAll() throws IOException {
        List<Long> steps = steps();
        for (long s : steps) {
            Files.deleteIfExists(fileFor(s));
        }
        Files.deleteIfExists(dir.resolve(BEST_MARKER));
        return steps.size();
    }

    /** @return the directory */
    public Path directory() {
        return dir;
    }

    /**
     * @return the best checkpoint, or empty when none is marked
     * @throws ModelFormatException when the best checkpoint is invalid
     * @throws IOException when it cannot be read
     */
    public Optional<Checkpoint> loadBest() throws IOException {
        OptionalLong best = bestStep();
        return best.isPresent() ? Optional.of(Checkpoint.read(fileFor(best.getAsLong()))) : Optional.empty();
    }

    private void prune() throws IOException {
        List<Long> steps = steps();
        OptionalLong best = bestStep();
        int kept = 0;
        for (int i = steps.size() - 1; i >= 0; i--) {
            long s = steps.get(i);
            if (kept < keep) {
                kept++;
            } else if (best.isEmpty() || best.getAsLong() != s) {
                Files.deleteIfExists(fileFor(s));
            }
        }
    }
}
