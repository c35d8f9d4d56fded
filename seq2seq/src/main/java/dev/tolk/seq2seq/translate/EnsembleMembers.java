package dev.tolk.seq2seq.translate;

import dev.tolk.seq2seq.TextEncoding;
import dev.tolk.tokenizer.Vocabulary;
import java.nio.file.Path;

/**
 * The check that models can form an {@link dev.tolk.seq2seq.search.Ensemble}: the same source preprocessing (the
 * source ids are computed once for all members), the same target vocabulary (the members' log-probabilities are
 * averaged id by id) and the same target order. Architectures, sizes and training may differ.
 */
final class EnsembleMembers {
    private EnsembleMembers() {}

    /**
     * @param first the first model's file, whose encoding the others must match
     * @throws IncompatibleModelsException naming {@code other} and the first difference
     */
    static void requireSameEncoding(Path first, TextEncoding a, Path other, TextEncoding b) {
        String what = null;
        if (!a.tokenizerJson().path("source").equals(b.tokenizerJson().path("source"))) {
            what = "its source tokenizer (" + describe(a, b, "source") + ")";
        } else if (!a.sourceVocabulary().equals(b.sourceVocabulary())) {
            what = "its source vocabulary (" + difference(a.sourceVocabulary(), b.sourceVocabulary()) + ")";
        } else if (!a.targetVocabulary().equals(b.targetVocabulary())) {
            what = "its target vocabulary (" + difference(a.targetVocabulary(), b.targetVocabulary()) + ")";
        } else if (a.targetOrder() != b.targetOrder()) {
            what = "its target order (" + a.targetOrder().configName() + " vs "
                    + b.targetOrder().configName() + ")";
        } else if (!a.tokenizerJson().path("target").equals(b.tokenizerJson().path("target"))) {
            what = "its target tokenizer (" + describe(a, b, "target") + ")";
        }
        if (what != null) {
            throw new IncompatibleModelsException(other + ": cannot form an ensemble with " + first + ": " + what
                    + " differs; ensemble members need the same tokenizer, vocabularies and data.target_order");
        }
    }

    private static String describe(TextEncoding a, TextEncoding b, String side) {
        String ta = a.tokenizerJson().path(side).path("tokenizer").asText("?");
        String tb = b.tokenizerJson().path(side).path("tokenizer").asText("?");
        return ta.equals(tb) ? ta + " with other settings: normaliser or BPE merges" : ta + " vs " + tb;
    }

    private static String difference(Vocabulary a, Vocabulary b) {
        if (a.size() != b.size()) {
            return a.size() + " vs " + b.size() + " symbols";
        }
        for (int id = 0; id < a.size(); id++) {
            if (!a.token(id).equals(b.token(id))) {
                return "id " + id + " is '" + a.token(id) + "' vs '" + b.token(id) + "'";
            }
        }
        return "same symbols, different metadata";
    }
}
