package dev.tolk.seq2seq.config;

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
        double labelSmoothing) {

    /** The defaults of every {@code model.*} key: the one place they are defined. */
    public static final ModelConfig DEFAULTS =
            new ModelConfig(CellType.GRU, AttentionType.BAHDANAU, true, 1, 256, 256, 0.2, 0.2, 0.2, false, 0.1);

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
    }
}
