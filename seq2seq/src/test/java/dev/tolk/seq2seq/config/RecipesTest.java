package dev.tolk.seq2seq.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every recipe shipped in {@code recipes/} loads as a valid configuration (no unknown keys, values in range). */
class RecipesTest {

    private static Path recipes() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("recipes"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new AssertionError("recipes/ not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("recipes");
    }

    @Test
    void everyRecipeLoads() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(recipes())) {
            files = s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no recipes found");
        for (Path f : files) {
            Seq2SeqConfig.load(f);
        }
    }

    @Test
    void multi30kRecipeSwapsTheColumnsForGermanToEnglish() {
        Seq2SeqConfig c = Seq2SeqConfig.load(recipes().resolve("multi30k-de-en-attention.yaml"));
        assertEquals("target", c.data().sourceColumn());
        assertEquals("source", c.data().targetColumn());
        assertEquals(AttentionType.BAHDANAU, c.model().attention());
        assertEquals(256, c.model().hiddenSize());
    }
}
