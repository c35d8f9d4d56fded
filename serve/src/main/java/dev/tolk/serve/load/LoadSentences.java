package dev.tolk.serve.load;

import dev.tolk.data.SentencePair;
import dev.tolk.data.synthetic.SyntheticCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The sentences a load benchmark sends: a file's non-blank lines, or the bundled synthetic corpus's test part. */
public final class LoadSentences {
    private LoadSentences() {}

    /**
     * @param seed the corpus seed (the quickstart's is 1)
     * @param count how many sentences
     * @return the English sides of the synthetic corpus's first {@code count} test pairs
     */
    public static List<String> synthetic(long seed, int count) {
        return SyntheticCorpus.builder()
                .seed(seed)
                .trainPairs(1)
                .validPairs(0)
                .testPairs(count)
                .build()
                .generate()
                .test()
                .stream()
                .map(SentencePair::source)
                .toList();
    }

    /**
     * @return the file's non-blank lines
     * @throws IOException when it cannot be read or has no sentence (the message names the file)
     */
    public static List<String> of(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank())
                .toList();
        if (lines.isEmpty()) {
            throw new IOException(file + ": no sentences (one per line expected)");
        }
        return lines;
    }
}
