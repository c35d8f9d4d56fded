package dev.tolk.seq2seq.config;

import dev.tolk.core.CellType;

/**
 * Architecture of the encoder-decoder: section {@code model}. Defaults are those of {@link #DEFAULTS}.
 *
 * @param cell {@code model.cell}: recurrent cell, {@code gru} (default), {@code lstm} or {@code rnn}
 * @param attention {@code model.attention}: {@code bahdanau} (default) or {@code none} (Cho et al. 2014: the
 *     encoder's final state and a fixed context)
 * @param bidirectional {@code model.bidirectional}: bidirectional encoder; default {@code true}
 * @param layers {@code model.layers}: stacked recurrent layers in encoder and decoder, [1, 8]; default 1
 * @param embeddingSize {@code model.embedding_size}: embedding width, [1, 65536]; default 256
 * @param hiddenSize {@code model.hidden_size}: recurrent state width (per direction), [1, 65536]; default 256
 * @param embeddingDropout {@code model.embedding_dropout}: dropout on embeddings, [0, 1); default 0.2
 * @param hiddenDropout {@code model.hidden_dropout}: dropout between stacked layers, [0, 1); default 0.2
 * @param outputDropout {@code model.output_dropout}: dropout before the output layer, [0, 1); default 0.2
 * @param tiedEmbeddings {@code model.tied_embeddings}: tie target embeddings and output weights; default
 *     {@code false}
 * @param labelSmoothing {@code model.label_smoothing}: label smoothing of the training loss, [0, 1); default 0.1
 * @param decoder {@code model.decoder}: {@code bahdanau} (default: attention from the previous state, then the
 *     cells) or {@code cgru} (the conditional GRU of Nematus: GRU₁ on the previous word, attention from its state,
 *     GRU₂ on the context; needs {@code model.attention=bahdanau})
 * @param layerNorm {@code model.layer_norm}: layer normalisation inside every recurrent cell of encoder and
 *     decoder (Ba et al. 2016; a GRU's input and recurrent projections, {@code [r; z]} and {@code n} apart, as
 *     Nematus); default {@code false}
 * @param encTransitionDepth {@code model.enc_transition_depth}: recurrent transitions per source position in every
 *     encoder layer and direction (deep transition, Miceli Barone et al. 2017), [1, 8]; default 1
 * @param decTransitionDepth {@code model.dec_transition_depth}: transitions per target position in the first
 *     decoder layer after attention (for {@code cgru}: GRU₂ and the ones after it, so the layer runs depth + 1),
 *     [1, 8]; default 1
 * @param residual {@code model.residual}: residual connections around encoder and decoder layers 2 and up (Wu et
 *     al. 2016); needs {@code model.layers >= 2}; default {@code false}
 */
public record ModelConfig(
        CellType cell,
        AttentionType attention,
        boolean bidirectional,
        int layers,
        int embeddingSize,
        int hiddenSize,
        double embeddingDropout,
        double hiddenDropout,
        double outputDropout,
        boolean tiedEmbeddings,
        double labelSmoothing,
        DecoderType decoder,
        boolean layerNorm,
        int encTransitionDepth,
        int decTransitionDepth,
        boolean residual) {

    /** The defaults of every {@code model.*} key: the one place they are defined. */
    public static final ModelConfig DEFAULTS = new ModelConfig(
            CellType.GRU,
            AttentionType.BAHDANAU,
            true,
            1,
            256,
            256,
            0.2,
            0.2,
            0.2,
            false,
            0.1,
            DecoderType.BAHDANAU,
            false,
            1,
            1,
            false);

    /**
     * The architecture before the Nematus features: the decoder, layer normalisation, depths and residual
     * connections at their defaults.
     */
    public ModelConfig(
            CellType cell,
            AttentionType attention,
            boolean bidirectional,
            int layers,
            int embeddingSize,
            int hiddenSize,
            double embeddingDropout,
            double hiddenDropout,
            double outputDropout,
            boolean tiedEmbeddings,
            double labelSmoothing) {
        this(
                cell,
                attention,
                bidirectional,
                layers,
                embeddingSize,
                hiddenSize,
                embeddingDropout,
                hiddenDropout,
                outputDropout,
                tiedEmbeddings,
                labelSmoothing,
                DecoderType.BAHDANAU,
                false,
                1,
                1,
                false);
    }

    /** Validates every value; see the parameter docs for the ranges. */
    public ModelConfig {
        Bounds.notNull("model.cell", cell);
        Bounds.notNull("model.attention", attention);
        Bounds.intIn("model.layers", layers, 1, 8);
        Bounds.intIn("model.embedding_size", embeddingSize, 1, 65536);
        Bounds.intIn("model.hidden_size", hiddenSize, 1, 65536);
        Bounds.closedOpen("model.embedding_dropout", embeddingDropout, 0, 1);
        Bounds.closedOpen("model.hidden_dropout", hiddenDropout, 0, 1);
        Bounds.closedOpen("model.output_dropout", outputDropout, 0, 1);
        Bounds.closedOpen("model.label_smoothing", labelSmoothing, 0, 1);
        Bounds.notNull("model.decoder", decoder);
        Bounds.intIn("model.enc_transition_depth", encTransitionDepth, 1, 8);
        Bounds.intIn("model.dec_transition_depth", decTransitionDepth, 1, 8);
        if (decoder == DecoderType.CGRU && attention != AttentionType.BAHDANAU) {
            throw new ConfigException(
                    "model.decoder",
                    "'model.decoder' cgru attends to the source from its first GRU's state; it needs "
                            + "model.attention=bahdanau, got " + attention.configName());
        }
        if (residual && layers < 2) {
            throw new ConfigException(
                    "model.residual",
                    "'model.residual' adds each layer's input to its output from the second layer on; it needs "
                            + "model.layers >= 2, got " + layers);
        }
    }
}
