package dev.tolk.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Round trips on the real corpora in {@code shared/data} (skipped when absent). Lines of the CSV files are used
 * as raw text: quotes and commas are just more characters to tokenise.
 */
class SharedCorpusRoundTripTest {
    private static List<String> lines(String relative, int max) throws IOException {
        Optional<Path> dir = SharedData.dir();
        assumeTrue(dir.isPresent(), "shared/data not found (set TOLK_SHARED); skipping corpus test");
        Path f = dir.get().resolve(relative);
        assumeTrue(Files.isRegularFile(f), f + " not present");
        List<String> out = new ArrayList<>();
        try (Stream<String> s = Files.lines(f, StandardCharsets.UTF_8)) {
            s.limit(max).forEach(out::add);
        }
        return out;
    }

    @Test
    void wordAndBpeRoundTripOnTatoebaAndMulti30k() throws IOException {
        List<String> lines = new ArrayList<>(lines("tatoeba-en-fr/train.csv", 200_000));
        lines.addAll(lines("multi30k-en-de/train.csv", 40_000));
        BpeTokenizer bpe = new BpeTokenizer(new BpeLearner(4000).learn(lines.subList(0, 30_000)));
        int checked = 0;
        for (String line : lines) {
            TokenizerContract.check(WordTokenizer.INSTANCE, line);
            if (checked++ % 4 == 0) {
                TokenizerContract.check(bpe, line);
            }
        }
        assertEquals(lines.size(), checked);
    }
}
