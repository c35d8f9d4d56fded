package dev.tolk.seq2seq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.data.SentencePair;
import dev.tolk.data.training.PairEncoder;
import dev.tolk.seq2seq.config.DataConfig;
import dev.tolk.seq2seq.config.TargetOrder;
import dev.tolk.tokenizer.Normalizer;
import dev.tolk.tokenizer.SpaceMarker;
import dev.tolk.tokenizer.TextPipeline;
import dev.tolk.tokenizer.Vocabulary;
import dev.tolk.tokenizer.VocabularyLearner;
import java.util.ArrayList;
import java.util.List;

/**
 * How a model turns text into ids and back, on both sides: a {@link TextPipeline} (normaliser + word, character or
 * BPE tokenizer) and a {@link Vocabulary} per side, or one of each shared by both sides. Built from the training
 * pairs ({@link #learn}), stored in the model file as JSON ({@link #tokenizerJson()}, {@link #vocabulariesJson()})
 * and rebuilt from it ({@link #fromJson}), so that translation preprocesses exactly as training did. Immutable and
 * thread-safe.
 *
 * <p>Encoded sentences end with {@code </s>} on both sides. A right-to-left encoding ({@code data.target_order =
 * r2l}) encodes target tokens last to first; its model's outputs are reversed back by the translator
 * ({@link #rightToLeft()}). The order is stored in the tokenizer JSON ({@code "target_order": "r2l"}, absent for
 * left to right, so left-to-right files are as before).
 */
public final class TextEncoding {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean shared;
    private final TextPipeline sourcePipeline;
    private final TextPipeline targetPipeline;
    private final Vocabulary sourceVocabulary;
    private final Vocabulary targetVocabulary;
    private final PairEncoder pairs;
    private final TargetOrder targetOrder;

    /** Assembles a left-to-right encoding; for a shared one pass the same pipeline and vocabulary twice. */
    public TextEncoding(
            boolean shared,
            TextPipeline sourcePipeline,
            TextPipeline targetPipeline,
            Vocabulary sourceVocabulary,
            Vocabulary targetVocabulary) {
        this(shared, sourcePipeline, targetPipeline, sourceVocabulary, targetVocabulary, TargetOrder.L2R);
    }

    /** Assembles an encoding; for a shared one pass the same pipeline and vocabulary twice. */
    public TextEncoding(
            boolean shared,
            TextPipeline sourcePipeline,
            TextPipeline targetPipeline,
            Vocabulary sourceVocabulary,
            Vocabulary targetVocabulary,
            TargetOrder targetOrder) {
        this.targetOrder = java.util.Objects.requireNonNull(targetOrder, "targetOrder");
        this.shared = shared;
        this.sourcePipeline = sourcePipeline;
        this.targetPipeline = targetPipeline;
        this.sourceVocabulary = sourceVocabulary;
        this.targetVocabulary = targetVocabulary;
        this.pairs = new PairEncoder(
                sourcePipeline, targetPipeline, sourceVocabulary, targetVocabulary, targetOrder == TargetOrder.R2L);
    }

    /**
     * Learns the pipelines (BPE merges when {@code data.tokenizer = bpe}) and the vocabularies from training pairs,
     * per {@code data.*}: {@code tokenizer}, {@code bpe_vocab_size}, {@code shared_vocab}, {@code lowercase},
     * {@code min_frequency}, {@code max_vocab}, {@code target_order}.
     */
    public static TextEncoding learn(List<SentencePair> pairs, DataConfig data) {
        Normalizer norm = Normalizer.DEFAULT.withLowercase(data.lowercase());
        List<String> sources = pairs.stream().map(SentencePair::source).toList();
        List<String> targets = pairs.stream().map(SentencePair::target).toList();
        if (data.sharedVocab()) {
            List<String> both = new ArrayList<>(sources);
            both.addAll(targets);
            VocabularyLearner.Learned l = learn(data, norm, both);
            return new TextEncoding(
                    true, l.pipeline(), l.pipeline(), l.vocabulary(), l.vocabulary(), data.targetOrder());
        }
        VocabularyLearner.Learned s = learn(data, norm, sources);
        VocabularyLearner.Learned t = learn(data, norm, targets);
        return new TextEncoding(false, s.pipeline(), t.pipeline(), s.vocabulary(), t.vocabulary(), data.targetOrder());
    }

    private static VocabularyLearner.Learned learn(DataConfig data, Normalizer norm, List<String> lines) {
        VocabularyLearner learner = new VocabularyLearner(data.minFrequency(), data.maxVocab());
        return switch (data.tokenizer()) {
            case WORD -> learner.learn(TextPipeline.word(norm), lines);
            case CHAR -> learner.learn(TextPipeline.chars(norm), lines);
            case BPE -> learner.learnBpe(norm, data.bpeVocabSize(), lines);
        };
    }

    /**
     * Rebuilds an encoding from a model file's JSON.
     *
     * @throws IllegalArgumentException with the reason when the JSON is malformed
     */
    public static TextEncoding fromJson(JsonNode tokenizer, JsonNode vocabularies) {
        try {
            boolean shared = tokenizer.path("shared").asBoolean(false);
            TextPipeline sp = TextPipeline.fromJson(
                    JSON.writeValueAsString(require(tokenizer, "source")), "model tokenizer.source");
            TextPipeline tp = TextPipeline.fromJson(
                    JSON.writeValueAsString(require(tokenizer, "target")), "model tokenizer.target");
            Vocabulary sv = Vocabulary.fromJson(
                    JSON.writeValueAsString(require(vocabularies, "source")), "model vocabularies.source");
            Vocabulary tv = Vocabulary.fromJson(
                    JSON.writeValueAsString(require(vocabularies, "target")), "model vocabularies.target");
            return new TextEncoding(shared, sp, tp, sv, tv, targetOrder(tokenizer));
        } catch (JsonProcessingException | dev.tolk.tokenizer.TokenizerFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static TargetOrder targetOrder(JsonNode tokenizer) {
        String order = tokenizer.path("target_order").asText("l2r");
        for (TargetOrder o : TargetOrder.values()) {
            if (o.configName().equals(order)) {
                return o;
            }
        }
        throw new IllegalArgumentException("field 'target_order' is '" + order + "'; expected l2r or r2l");
    }

    private static JsonNode require(JsonNode n, String field) {
        JsonNode f = n.get(field);
        if (f == null || f.isNull()) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return f;
    }

    /** {@code {"shared": ..., "source": pipeline spec, "target": pipeline spec}}. */
    public JsonNode tokenizerJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("shared", shared);
        o.set("source", parse(sourcePipeline.toJson()));
        o.set("target", parse(targetPipeline.toJson()));
        if (targetOrder != TargetOrder.L2R) {
            o.put("target_order", targetOrder.configName());
        }
        return o;
    }

    /** {@code {"source": vocabulary, "target": vocabulary}}. */
    public JsonNode vocabulariesJson() {
        ObjectNode o = JSON.createObjectNode();
        o.set("source", parse(sourceVocabulary.toJson()));
        o.set("target", parse(targetVocabulary.toJson()));
        return o;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the tokenizer module wrote invalid JSON", e);
        }
    }

    public boolean shared() {
        return shared;
    }

    /** The order of target tokens in the model: {@code data.target_order}. */
    public TargetOrder targetOrder() {
        return targetOrder;
    }

    /** Whether the model reads and writes targets last token first (outputs must be reversed for reading). */
    public boolean rightToLeft() {
        return targetOrder == TargetOrder.R2L;
    }

    public Vocabulary sourceVocabulary() {
        return sourceVocabulary;
    }

    public Vocabulary targetVocabulary() {
        return targetVocabulary;
    }

    /** The model symbols of a source sentence (without {@code </s>}). */
    public List<String> sourcePieces(String text) {
        return sourcePipeline.pieces(text);
    }

    /** The model symbols of a target sentence (without {@code </s>}). */
    public List<String> targetPieces(String text) {
        return targetPipeline.pieces(text);
    }

    /** The encoder of sentence pairs into ids (training data: encode, filter by length, batch). */
    public PairEncoder pairEncoder() {
        return pairs;
    }

    /** Source ids of {@code pieces} followed by {@code </s>}. */
    public int[] encodeSource(List<String> pieces) {
        return pairs.encodeSource(pieces);
    }

    /** Target ids of {@code pieces} (reversed for a right-to-left model) followed by {@code </s>}. */
    public int[] encodeTarget(List<String> pieces) {
        return pairs.encodeTarget(pieces);
    }

    /**
     * The target symbols of ids in reading order (a right-to-left model's outputs are reversed first, e.g. by
     * {@code Candidate.reversed()}; stops at {@code </s>}, drops {@code <pad>} and {@code <s>}). With the word
     * tokenizer an {@code <unk>} gets the space marker that every word symbol carries, so it detokenizes as a word of
     * its own ({@code "a <unk> runs"}, not {@code "a<unk> runs"}).
     */
    public List<String> targetSymbols(int[] ids) {
        List<String> symbols = targetVocabulary.decodeForOutput(ids);
        if (!"word".equals(targetPipeline.spec().tokenizer()) || !symbols.contains(Vocabulary.UNK)) {
            return symbols;
        }
        List<String> out = new ArrayList<>(symbols.size());
        for (String s : symbols) {
            out.add(s.equals(Vocabulary.UNK) ? SpaceMarker.SPACE + Vocabulary.UNK : s);
        }
        return out;
    }

    /** The text of target symbols. */
    public String detokenizeTarget(List<String> symbols) {
        return targetPipeline.detokenize(symbols);
    }

    /** The normalised text of a reference, as the model's output would render it (for BLEU against outputs). */
    public String normalizeTarget(String text) {
        return targetPipeline.detokenize(targetPipeline.pieces(text));
    }
}
