package dev.tolk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tolk.data.synthetic.SyntheticCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tolk translate --model A --model B} (ensembles) and {@code tolk rescore} (n-best lists rescored by a
 * right-to-left model) in-process on tiny models trained on a synthetic corpus.
 */
class EnsembleAndRescoreCommandTest {
    @TempDir
    static Path dir;

    static Path a;
    static Path b;
    static Path r2l;
    static Path input;

    private static Path train(String name, String... extra) {
        Path model = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--train",
                dir.resolve("train.csv").toString(),
                "--valid",
                dir.resolve("valid.csv").toString(),
                "--model-dir",
                model.toString(),
                "--set",
                "data.tokenizer=word",
                "--set",
                "model.embedding_size=16",
                "--set",
                "model.hidden_size=24",
                "--set",
                "train.max_steps=20",
                "--set",
                "train.validate_every=20",
                "--set",
                "train.batch_tokens=600",
                "--set",
                "decode.beam_size=3"));
        for (String e : extra) {
            args.add("--set");
            args.add(e);
        }
        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return model;
    }

    @BeforeAll
    static void trainModels() throws Exception {
        SyntheticCorpus.builder()
                .seed(4)
                .trainPairs(300)
                .validPairs(10)
                .testPairs(10)
                .build()
                .write(dir);
        a = train("a");
        b = train("b", "train.seed=43");
        r2l = train("r2l", "data.target_order=r2l");
        List<String> sources = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("test.csv")).subList(1, 9)) {
            sources.add(line.substring(0, line.indexOf(',')).replace("\"", ""));
        }
        input = Files.write(dir.resolve("input.txt"), sources);
    }

    private static CliRunner.Result translate(String... args) {
        List<String> all = new ArrayList<>(List.of("translate", "--input", input.toString()));
        all.addAll(List.of(args));
        return CliRunner.run(all.toArray(String[]::new));
    }

    @Test
    void anEnsembleOfAModelWithItselfTranslatesAsTheModel() throws Exception {
        CliRunner.Result single = translate("--model", a.toString(), "--format", "jsonl");
        CliRunner.Result twice = translate("--model", a.toString(), "--model", a.toString(), "--format", "jsonl");
        assertEquals(0, twice.exit(), twice.err());
        String[] x = single.out().split("\n");
        String[] y = twice.out().split("\n");
        assertEquals(8, y.length);
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < x.length; i++) {
            JsonNode p = json.readTree(x[i]);
            JsonNode q = json.readTree(y[i]);
            assertEquals(p.get("translation"), q.get("translation"));
            assertEquals(p.get("score").asDouble(), q.get("score").asDouble(), 1e-5);
        }
    }

    @Test
    void anEnsembleOfTwoModelsGivesOneLinePerInput() {
        CliRunner.Result r = translate("--model", a.toString(), "--model", b.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(8, r.out().split("\n", -1).length - 1);
    }

    @Test
    void modelsThatCannotFormAnEnsembleAreRefusedByName() {
        CliRunner.Result r = translate("--model", a.toString(), "--model", r2l.toString());
        assertEquals(2, r.exit());
        assertEquals(
                "tolk: " + r2l + ": cannot form an ensemble with " + a
                        + ": its target order (l2r vs r2l) differs; ensemble members need the same tokenizer,"
                        + " vocabularies and data.target_order\n",
                r.err());
    }

    /** The 3-best lists of model {@code a} in Moses format, as {@code translate --nbest 3} writes them. */
    private static Path nbest() throws Exception {
        CliRunner.Result r = translate("--model", a.toString(), "--beam", "3", "--nbest", "3");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("0 ||| "), r.out());
        return Files.writeString(dir.resolve("nbest.txt"), r.out());
    }

    @Test
    void rescoringWithTheModelItselfGivesTheBeamScores() throws Exception {
        Path list = nbest();
        CliRunner.Result r = CliRunner.run(
                "rescore",
                "--model",
                a.toString(),
                "--source",
                input.toString(),
                "--nbest",
                list.toString(),
                "--weight",
                "0",
                "--format",
                "nbest");
        assertEquals(0, r.exit(), r.err());
        List<String> in = Files.readAllLines(list);
        String[] out = r.out().split("\n");
        assertEquals(in.size(), out.length);
        for (int i = 0; i < out.length; i++) {
            String[] f = out[i].split(" \\|\\|\\| ");
            String[] g = in.get(i).split(" \\|\\|\\| ");
            assertEquals(g[0] + g[1], f[0] + f[1], "weight 0 keeps the list's ranking");
            String[] features = f[2].split(" ");
            assertEquals("Rescore=", features[2]);
            double list0 = Double.parseDouble(g[2]);
            assertEquals(list0, Double.parseDouble(features[3]), 1e-4 * Math.abs(list0) + 1e-5, out[i]);
            assertEquals(list0, Double.parseDouble(f[3]), 0.0);
        }
    }

    @Test
    void rescoringWithARightToLeftModelRanksByTheWeightedSum() throws Exception {
        Path list = nbest();
        CliRunner.Result r = CliRunner.run(
                "rescore",
                "--model",
                r2l.toString(),
                "--source",
                input.toString(),
                "--nbest",
                list.toString(),
                "--format",
                "nbest");
        assertEquals(0, r.exit(), r.err());
        String[] out = r.out().split("\n");
        double previous = Double.POSITIVE_INFINITY;
        String sentence = "0";
        for (String line : out) {
            String[] f = line.split(" \\|\\|\\| ");
            String[] features = f[2].split(" ");
            assertEquals("R2L=", features[2]);
            double total = Double.parseDouble(f[3]);
            assertEquals(Double.parseDouble(features[1]) + Double.parseDouble(features[3]), total, 1e-12);
            if (f[0].equals(sentence)) {
                assertTrue(total <= previous, line);
            }
            sentence = f[0];
            previous = total;
        }
        CliRunner.Result best = CliRunner.run(
                "rescore", "--model", r2l.toString(), "--source", input.toString(), "--nbest", list.toString());
        assertEquals(0, best.exit(), best.err());
        assertEquals(8, best.out().split("\n", -1).length - 1);
    }

    @Test
    void badListsAreOneLineUsageErrors() throws Exception {
        Path bad = Files.write(dir.resolve("bad.txt"), List.of("0 ||| a ||| -1", "0 ||| b"));
        CliRunner.Result r = CliRunner.run(
                "rescore", "--model", a.toString(), "--source", input.toString(), "--nbest", bad.toString());
        assertEquals(2, r.exit());
        assertEquals(
                "tolk: " + bad + ":2:1: 2 field(s) separated by '|||'; expected 'i ||| text ||| score' or 'i |||"
                        + " text ||| features ||| score'\n",
                r.err());
        Path beyond = Files.write(dir.resolve("beyond.txt"), List.of("8 ||| a ||| -1"));
        r = CliRunner.run(
                "rescore", "--model", a.toString(), "--source", input.toString(), "--nbest", beyond.toString());
        assertEquals(2, r.exit());
        assertEquals(
                "tolk: " + beyond + ":1:1: sentence 8 but the source has 8 lines (sentences are numbered from 0)\n",
                r.err());
    }
}
