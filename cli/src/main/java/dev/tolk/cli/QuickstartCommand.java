package dev.tolk.cli;

import dev.tolk.data.BadRowPolicy;
import dev.tolk.seq2seq.quickstart.Quickstart;
import dev.tolk.seq2seq.telemetry.StopReason;
import dev.tolk.seq2seq.train.TrainResult;
import dev.tolk.seq2seq.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tolk quickstart}: the main job end to end on a real corpus ({@link Quickstart}): extract the bundled Tatoeba
 * English→French corpus, learn a shared BPE vocabulary, train a small attention GRU within a time budget, translate the
 * held-out test set and print BLEU and chrF with their signatures and a few examples; a few minutes on two cores.
 * {@code --corpus synthetic} uses the generated grammar instead (seconds; for tests of the machinery). Parses, wires
 * training's progress and stop signals ({@link TrainCommand#train}) and prints.
 */
@Command(
        name = "quickstart",
        description = {
            "Train a small English-French translator on the bundled Tatoeba corpus, translate its held-out test set",
            "and print BLEU, chrF and example translations (about 5 minutes on 2 cores)."
        },
        mixinStandardHelpOptions = true,
        sortOptions = false)
public final class QuickstartCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--model-dir",
            paramLabel = "DIR",
            defaultValue = "quickstart",
            description =
                    "Where the corpus (DIR/data), model and checkpoints go (default: ${DEFAULT-VALUE}); a previous "
                            + "quickstart run there is replaced.")
    Path dir;

    @Option(
            names = "--corpus",
            paramLabel = "tatoeba|synthetic",
            defaultValue = "tatoeba",
            description = "The bundled Tatoeba English-French sentences (default) or the generated synthetic grammar.")
    Quickstart.Corpus corpusName;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "1",
            description = "Seed of training (and of the synthetic corpus) (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--max-steps",
            paramLabel = "N",
            description = "At most this many training updates (default: 100000 on Tatoeba, where --minutes ends "
                    + "training first; 800 on the synthetic corpus).")
    Long maxSteps;

    @Option(
            names = "--minutes",
            paramLabel = "M",
            description = "Time budget of training, corpus reading and BPE included (default: 4.25 on Tatoeba, so "
                    + "that the whole quickstart takes at most about 5 minutes; 0 = none, the default on the "
                    + "synthetic corpus). The number of updates it allows depends on the machine.")
    Double minutes;

    @Option(
            names = "--train-pairs",
            paramLabel = "N",
            description = "Training pairs (default: all 163,258 of Tatoeba; 12000 generated synthetic pairs).")
    Integer trainPairs;

    @Option(
            names = "--test-pairs",
            paramLabel = "N",
            description = "Test pairs to translate and score (default: all 1,889 of Tatoeba; 500 synthetic).")
    Integer testPairs;

    /**
     * All cores: on a quiet 2-core machine two threads made 571 updates in the time budget against 358 for one
     * (results are bit-identical across thread counts, so only the number of updates changes).
     */
    @Mixin
    ThreadsOption threads = new ThreadsOption(0);

    @Mixin
    LogOptions log = new LogOptions();

    @Override
    public Integer call() throws Exception {
        log.apply();
        boolean tatoeba = corpusName == Quickstart.Corpus.TATOEBA;
        Quickstart quickstart = ErrorMessages.validated(
                () -> Quickstart.of(corpusName, seed, maxSteps, minutes, trainPairs, testPairs));
        int threadCount = threads.value();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        Quickstart.Prepared data = quickstart.prepare(dir, threadCount);
        if (tatoeba) {
            err.printf(
                    Locale.ROOT,
                    "corpus: Tatoeba English-French (CC BY 2.0 FR, see %s), %d / %d / %d pairs in %s%n",
                    data.data().resolve(Quickstart.ATTRIBUTION),
                    data.trainPairs(),
                    data.validPairs(),
                    data.test().size(),
                    data.data());
        } else {
            err.printf(
                    Locale.ROOT,
                    "corpus: synthetic English-French, %d / %d / %d pairs in %s%n",
                    data.trainPairs(),
                    data.validPairs(),
                    data.test().size(),
                    data.data());
        }
        err.flush();
        TrainResult r = TrainCommand.train(
                spec,
                data.config(),
                dir,
                BadRowPolicy.ERROR,
                Trainer.Start.OVERWRITE,
                null,
                log.quiet,
                quickstart.timeBudget());
        if (r.reason() == StopReason.INTERRUPTED) {
            return TrainCommand.interrupted(spec, r, dir);
        }
        TrainCommand.failIfDiverged(r);
        double trainSeconds = r.elapsed().toMillis() / 1000.0;
        Quickstart.Evaluation e = Quickstart.evaluate(dir, data.test());
        out.printf(
                Locale.ROOT,
                "Trained %s (%,d parameters) for %d updates in %.0f s (%.0f tokens/s); model: %s%n",
                tatoeba ? "an English-French attention GRU" : "an attention GRU on the synthetic corpus",
                r.parameters(),
                r.steps(),
                trainSeconds,
                r.trainTokensPerSecond(),
                r.modelFile());
        out.printf(
                Locale.ROOT,
                "Translated the %d held-out test sentences (%s) in %.1f s.%n",
                e.sources().size(),
                e.beamSize() == 1 ? "greedy" : "beam " + e.beamSize(),
                e.translateSeconds());
        out.println();
        out.println(e.bleu().format());
        out.println(e.chrf().format());
        out.println();
        for (int i = 0; i < 5 && i < e.sources().size(); i++) {
            out.println("source:      " + e.sources().get(i));
            out.println("reference:   " + e.references().get(i));
            out.println("translation: " + e.translations().get(i));
            out.println();
        }
        out.printf(
                Locale.ROOT,
                "Total %.0f s. Next: ./tolk translate --model %s <<< \"%s\"%n",
                (System.nanoTime() - started) / 1e9,
                dir,
                tatoeba ? "I am hungry." : e.sources().get(0));
        out.flush();
        return Tolk.EXIT_OK;
    }
}
