package dev.tolk.seq2seq.train;

import dev.tolk.data.AtomicFile;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.store.Checkpoint;
import dev.tolk.seq2seq.store.CheckpointDirectory;
import dev.tolk.seq2seq.store.ModelFile;
import dev.tolk.seq2seq.telemetry.CappedList;
import dev.tolk.seq2seq.telemetry.StepLog;
import dev.tolk.seq2seq.telemetry.ValidationLog;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The model directory of one training run, held for the run's whole length: locked against a second run
 * ({@link RunLock}), cleared of temporary files a killed run left behind, and checked against how the run starts
 * ({@link Trainer.Start}): a new run refuses a directory that holds anything (checkpoints, a model, any file), a
 * resumed run needs a valid checkpoint, and
 * an overwriting run replaces the old run's checkpoints and model (only once the new run is ready to write).
 * Layout: {@value ModelFile#FILE_NAME}, {@value Trainer#CONFIG_FILE}, {@value Trainer#VALIDATION_LOG}, steps.jsonl,
 * {@code checkpoints/}.
 */
final class RunDirectory implements AutoCloseable {
    private final Path dir;
    private final RunLock lock;
    private final Clock clock;
    private final Consumer<String> warnings;

    private RunDirectory(Path dir, RunLock lock, Clock clock, Consumer<String> warnings) {
        this.dir = dir;
        this.lock = lock;
        this.clock = clock;
        this.warnings = warnings;
    }

    /**
     * Locks {@code dir} (created when missing) and deletes the temporary files of interrupted writes in it and in
     * its {@code checkpoints/}.
     *
     * @throws TrainingException when another run holds the directory
     */
    static RunDirectory open(Path dir, Clock clock, Consumer<String> warnings) throws IOException {
        RunLock lock = RunLock.acquire(dir, clock, warnings);
        try {
            List<Path> leftovers = new ArrayList<>(AtomicFile.deleteLeftovers(dir));
            leftovers.addAll(AtomicFile.deleteLeftovers(Trainer.checkpointDir(dir)));
            if (!leftovers.isEmpty()) {
                warnings.accept("removed " + leftovers.size() + " temporary file(s) of an interrupted run, e.g. "
                        + leftovers.get(0));
            }
            return new RunDirectory(dir, lock, clock, warnings);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** @return the checkpoints, keeping the {@code keep} latest and the best */
    CheckpointDirectory checkpoints(int keep) {
        return new CheckpointDirectory(Trainer.checkpointDir(dir), keep, warnings);
    }

    /** @return where the best model goes */
    Path modelFile() {
        return dir.resolve(ModelFile.FILE_NAME);
    }

    /**
     * Checks that a run may start as asked, before any work is done.
     *
     * @param start how the run starts
     * @param checkpoints the run's checkpoint directory
     * @param config the run's configuration (a resumed run's must be compatible with its checkpoint's)
     * @return the checkpoint to resume from, or null for a new run
     * @throws TrainingException with the way out when the directory does not fit
     */
    Checkpoint begin(Trainer.Start start, CheckpointDirectory checkpoints, Seq2SeqConfig config) throws IOException {
        Path cdir = checkpoints.directory();
        switch (start) {
            case NEW -> {
                if (!checkpoints.steps().isEmpty()) {
                    throw new TrainingException(cdir + " already holds checkpoints of a run; pass --resume to continue"
                            + " it, --overwrite to replace it with a new run, or choose another --model-dir");
                }
                List<String> contents = contents();
                if (!contents.isEmpty()) {
                    throw new TrainingException(dir + " is not empty (it holds " + CappedList.join(contents, 3, ", ")
                            + "); choose an empty or new --model-dir, or pass --overwrite to train into it anyway "
                            + "(replacing a previous run's model and checkpoints)");
                }
                return null;
            }
            case OVERWRITE -> {
                return null;
            }
            case RESUME -> {
                CheckpointDirectory.Latest latest = checkpoints.findLatest();
                if (latest.checkpoint().isEmpty()) {
                    if (latest.invalid().isEmpty()) {
                        throw new TrainingException(cdir + ": no valid checkpoint to resume from; run without "
                                + "--resume to start a new run");
                    }
                    throw new TrainingException(cdir + ": no valid checkpoint to resume from: "
                            + CappedList.join(latest.invalid(), 3, "; ")
                            + "; start a new run in their place with --overwrite, or move them away");
                }
                Checkpoint c = latest.checkpoint().get();
                for (String d : c.checkResumableWith(config, checkpoints.fileFor(c.step()))) {
                    warnings.accept("resuming with a changed setting: " + d);
                }
                return c;
            }
            default -> throw new IllegalStateException("unknown start " + start);
        }
    }

    /** @return the names of the directory's entries other than the lock and an empty checkpoint directory, sorted */
    private List<String> contents() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.equals(RunLock.FILE_NAME) || p.equals(Trainer.checkpointDir(dir)) && isEmptyDirectory(p)) {
                    continue;
                }
                names.add(Files.isDirectory(p) ? name + "/" : name);
            }
        }
        names.sort(null);
        return names;
    }

    private static boolean isEmptyDirectory(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
            return !ds.iterator().hasNext();
        }
    }

    /**
     * Replaces the previous run ({@link Trainer.Start#OVERWRITE}): deletes its checkpoints and its model.
     *
     * @param checkpoints the run's checkpoint directory
     */
    void clearPreviousRun(CheckpointDirectory checkpoints) throws IOException {
        int deleted = checkpoints.deleteAll();
        boolean model = Files.deleteIfExists(modelFile());
        if (deleted > 0 || model) {
            warnings.accept("replacing the previous run: removed its " + deleted + " checkpoint(s)"
                    + (model ? " and its model" : "") + " from " + dir);
        }
    }

    /** Starts the validation log, or continues it after {@code resumedFrom} (dropping later entries). */
    ValidationLog openLog(Checkpoint resumedFrom) throws IOException {
        Path file = dir.resolve(Trainer.VALIDATION_LOG);
        return resumedFrom == null
                ? ValidationLog.create(file, clock)
                : ValidationLog.resume(file, resumedFrom.step(), clock);
    }

    /** The step log ({@value StepLog#FILE_NAME}): a new one, or the one of the run resumed, cut at its step. */
    StepLog openStepLog(Checkpoint resumedFrom) throws IOException {
        Path file = dir.resolve(StepLog.FILE_NAME);
        return resumedFrom == null ? StepLog.create(file) : StepLog.resume(file, resumedFrom.step());
    }

    /** Saves the effective configuration as {@value Trainer#CONFIG_FILE}. */
    void writeConfig(Seq2SeqConfig config) throws IOException {
        AtomicFile.writeString(dir.resolve(Trainer.CONFIG_FILE), config.toYaml());
    }

    /** Releases the directory. */
    @Override
    public void close() throws IOException {
        lock.close();
    }
}
