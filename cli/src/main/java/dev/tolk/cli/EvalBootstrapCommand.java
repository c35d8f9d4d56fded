package dev.tolk.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.eval.AlignedStreams;
import dev.tolk.eval.Bleu;
import dev.tolk.eval.BootstrapEstimate;
import dev.tolk.eval.BootstrapResampling;
import dev.tolk.eval.ChrF;
import dev.tolk.eval.ChrFConfig;
import dev.tolk.eval.ConfidenceInterval;
import dev.tolk.eval.CorpusMetric;
import dev.tolk.eval.PairedBootstrapResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tolk eval bootstrap}. */
@Command(
        name = "bootstrap",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Bootstrap confidence interval of one system, or sacreBLEU's paired bootstrap test of a "
                    + "system (second --hyp) against a baseline (first --hyp)."
        })
final class EvalBootstrapCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    EvalInputs inputs;

    @Option(names = "--metric", paramLabel = "M", description = "bleu (default) or chrf.")
    String metric = "bleu";

    @Mixin
    BleuOptions bleuOptions;

    @Option(names = "--resamples", paramLabel = "N", description = "Bootstrap resamples (default 1000).")
    int resamples = BootstrapResampling.DEFAULT_RESAMPLES;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default 12345, as sacreBLEU).")
    long seed = BootstrapResampling.DEFAULT_SEED;

    @Option(names = "--json", description = "Machine-readable JSON.")
    boolean json;

    @Mixin
    CommandOutput output;

    @Override
    public Integer call() throws IOException {
        if (resamples < 1 || resamples > 1_000_000) {
            throw new UsageException("--resamples must be in 1..1000000, got " + resamples);
        }
        CorpusMetric m = switch (metric) {
            case "bleu" -> new Bleu(bleuOptions.config(false));
            case "chrf" -> new ChrF(ChrFConfig.chrF());
            default -> throw new UsageException("--metric must be one of bleu, chrf, got '" + metric + "'");
        };
        AlignedStreams in = inputs.read(2);
        BootstrapResampling bs = new BootstrapResampling(resamples, seed);
        try (CommandOutput.Opened opened = output.open(spec)) {
            if (inputs.hyps.size() == 1) {
                single(opened.out(), m, bs.confidenceInterval(m, in.hypothesis(0), in.referenceLists()));
            } else {
                paired(opened.out(), m, bs.pairedTest(m, in.hypothesis(0), in.hypothesis(1), in.referenceLists()));
            }
            opened.commit();
        }
        return Tolk.EXIT_OK;
    }

    private void single(PrintWriter out, CorpusMetric m, BootstrapEstimate e) {
        if (json) {
            ObjectNode j = Json.object().put("name", m.name()).put("hyp", inputs.hyps.get(0));
            j.put("score", e.score());
            interval(j, e.interval()).put("resamples", resamples).put("seed", seed);
            out.println(Json.line(j.put("signature", e.signature().format())));
        } else {
            out.printf(
                    Locale.ROOT,
                    "%s = %.2f (%s)%n",
                    m.name(),
                    e.score(),
                    e.interval().format());
            out.println("signature: " + e.signature().format());
        }
    }

    private void paired(PrintWriter out, CorpusMetric m, PairedBootstrapResult r) {
        if (json) {
            ObjectNode j = Json.object().put("name", m.name());
            interval(
                    j.putObject("baseline").put("hyp", inputs.hyps.get(0)).put("score", r.baselineScore()),
                    r.baselineInterval());
            interval(
                    j.putObject("system").put("hyp", inputs.hyps.get(1)).put("score", r.systemScore()),
                    r.systemInterval());
            j.put("difference", r.difference()).put("p_value", r.pValue());
            j.put("system_better_fraction", r.systemBetterFraction())
                    .put("resamples", resamples)
                    .put("seed", seed);
            out.println(Json.line(j.put("signature", r.signature().format())));
            return;
        }
        String name = m.name();
        out.printf(
                Locale.ROOT,
                "baseline %s: %s = %.2f (%s)%n",
                inputs.hyps.get(0),
                name,
                r.baselineScore(),
                r.baselineInterval().format());
        out.printf(
                Locale.ROOT,
                "system   %s: %s = %.2f (%s)%n",
                inputs.hyps.get(1),
                name,
                r.systemScore(),
                r.systemInterval().format());
        out.printf(
                Locale.ROOT,
                "difference %+.2f, p-value %.4f%s; system better in %.1f%% of %d resamples%n",
                r.difference(),
                r.pValue(),
                r.pValue() < 0.05 ? " (significant at 0.05)" : " (not significant at 0.05)",
                100 * r.systemBetterFraction(),
                resamples);
        out.println("signature: " + r.signature().format());
    }

    private static ObjectNode interval(ObjectNode m, ConfidenceInterval ci) {
        return m.put("mean", ci.mean())
                .put("ci_half_width", ci.halfWidth())
                .put("ci_lower", ci.lower())
                .put("ci_upper", ci.upper());
    }
}
