package dev.tolk.bench;

import dev.tolk.core.CellType;
import dev.tolk.seq2seq.config.AttentionType;
import dev.tolk.seq2seq.config.ModelConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One configuration of the seq2seq benchmark ({@code tolk bench seq2seq}): the standard presets of {@code ../shared/BENCHMARKS.md},
 * identical to {@code PRESETS} in {@code ../shared/peer/torch_seq2seq.py}, possibly with sizes overridden.
 *
 * <p>{@code cho}: unidirectional GRU encoder of width {@code hidden}, its final state the fixed context; decoder
 * input {@code [emb(y); c]}, output layer on {@code [s_t; c; emb(y)]}. {@code bahdanau}: bidirectional GRU encoder
 * of {@code encHidden} per direction, additive attention, decoder of width {@code hidden}. Tolk's model has one
 * hidden size for encoder (per direction) and decoder, so {@code encHidden == hidden} always (as in every preset).
 *
 * @param name preset name (or the preset a custom size started from)
 * @param attentive bahdanau (true) or cho (false)
 * @param emb E
 * @param hidden H (decoder; per direction in the encoder)
 * @param batch training batch B
 * @param srcVocab source vocabulary (including the four specials)
 * @param tgtVocab target vocabulary
 * @param srcLen S
 * @param tgtLen T
 */
public record Seq2seqPreset(
        String name,
        boolean attentive,
        int emb,
        int hidden,
        int batch,
        int srcVocab,
        int tgtVocab,
        int srcLen,
        int tgtLen) {

    /** The standard presets, by name, in the order of BENCHMARKS.md. */
    public static final Map<String, Seq2seqPreset> STANDARD;

    static {
        Map<String, Seq2seqPreset> m = new LinkedHashMap<>();
        m.put("cho-512", new Seq2seqPreset("cho-512", false, 256, 512, 64, 8000, 6000, 14, 14));
        m.put("attn-512", new Seq2seqPreset("attn-512", true, 256, 512, 64, 8000, 6000, 14, 14));
        m.put("attn-256", new Seq2seqPreset("attn-256", true, 128, 256, 32, 4000, 4000, 14, 14));
        STANDARD = Collections.unmodifiableMap(m);
    }

    /** Dropout on source and target embeddings, as the peer ({@code --dropout 0.5}). */
    public static final double EMBEDDING_DROPOUT = 0.5;

    /** The peer's model name ({@code cho} or {@code bahdanau}). */
    public String model() {
        return attentive ? "bahdanau" : "cho";
    }

    /**
     * Tolk's configuration of the same model: one layer of GRU, dropout 0.5 on embeddings only (the peer has no
     * other dropout), no label smoothing (the peer's plain cross-entropy), untied output layer.
     */
    public ModelConfig modelConfig() {
        return new ModelConfig(
                CellType.GRU,
                attentive ? AttentionType.BAHDANAU : AttentionType.NONE,
                attentive,
                1,
                emb,
                hidden,
                EMBEDDING_DROPOUT,
                0,
                0,
                false,
                0);
    }

    /**
     * Multiply-adds per target token of one forward pass, counted exactly as the peer's
     * {@code macs_per_target_token} ({@code --impl fast}): matrix products only, the encoder and the attention keys
     * once per sentence, per decoder step the query projection, scores, context, decoder GRU and output layer.
     * Training FLOPs per token are {@code 6 ×} this (2 FLOP per MAC, backward = 2 × forward).
     */
    public double macsPerTargetToken() {
        double e = emb;
        double h = hidden;
        double v = tgtVocab;
        double s = srcLen;
        double t = tgtLen;
        if (!attentive) {
            double enc = s * 3 * h * (e + h);
            double dec = t * (3 * h * (e + h) + 3 * h * h + (e + 2 * h) * v);
            return (enc + dec) / t;
        }
        double he = hidden;
        double enc = s * 2 * 3 * he * (e + he) + 2 * he * h;
        double keys = s * 2 * he * h;
        double perStep = h * h + s * h + s * 2 * he + 3 * h * (e + 2 * he) + 3 * h * h + (h + 2 * he + e) * v;
        return (enc + keys + t * perStep) / t;
    }

    /**
     * The peer's parameter count ({@code sum(p.numel())} of its PyTorch model), from the layer shapes of
     * {@code torch_seq2seq.py}: PyTorch's GRU has two bias vectors of 3H ({@code b_ih}, {@code b_hh}); the cho
     * decoder starts from the context itself (no initial-state layer).
     */
    public long peerParams() {
        long e = emb;
        long h = hidden;
        long sv = srcVocab;
        long tv = tgtVocab;
        if (!attentive) {
            long encGru = 3 * h * e + 3 * h * h + 6 * h;
            long decGru = 3 * h * (e + h) + 3 * h * h + 6 * h;
            return sv * e + encGru + tv * e + decGru + (e + 2 * h) * tv + tv;
        }
        long he = hidden;
        long encGru = 2 * (3 * he * e + 3 * he * he + 6 * he);
        long encFc = 2 * he * h + h;
        long attn = (h + 2 * he) * h + h + h;
        long decCell = 3 * h * (e + 2 * he) + 3 * h * h + 6 * h;
        return sv * e + encGru + encFc + attn + tv * e + decCell + (h + 2 * he + e) * tv + tv;
    }

    /**
     * Tolk minus peer parameters, explained: each GRU direction has {@code 2H} fewer biases in Tolk (PyTorch's
     * {@code b_hr, b_hz} are redundant with {@code b_ir, b_iz} and folded into one; only the candidate's recurrent
     * bias {@code b_hn} stays separate), and Tolk's cho decoder has the initial-state layer
     * {@code s_0 = tanh(W_init c + b)} ({@code H·H + H}) where the peer starts from {@code s_0 = c}.
     */
    public long expectedParamDifference() {
        long h = hidden;
        int gruDirections = attentive ? 3 : 2;
        long diff = -2L * h * gruDirections;
        if (!attentive) {
            diff += h * h + h;
        }
        return diff;
    }
}
