package dev.tolk.serve;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Locale;

/** A model stand-in for tests that need no real model: "translates" by upper-casing; one token per word. */
final class FakeTranslator implements SentenceTranslator {
    @Override
    public List<Translation> translate(List<String> texts, DecodeSettings settings) {
        return texts.stream()
                .map(t -> new Translation(t, t.toUpperCase(Locale.ROOT), -1.0, List.of(), null, null))
                .toList();
    }

    @Override
    public int sourceTokens(String text) {
        return text.isBlank() ? 0 : text.trim().split("\\s+").length;
    }

    @Override
    public ModelInfo model() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return new ModelInfo(
                "fake", "/dev/null", 0, 4, 4, true, "word", 2, 1, 10, "chunk", "fp32", f.objectNode(), f.objectNode());
    }
}
