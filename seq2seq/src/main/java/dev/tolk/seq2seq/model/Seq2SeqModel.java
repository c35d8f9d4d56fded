package dev.tolk.seq2seq.model;

import dev.tolk.core.CellSpec;
import dev.tolk.core.CellType;
import dev.tolk.core.Dropout;
import dev.tolk.core.Parameter;
import dev.tolk.core.SoftmaxCrossEntropy;
import dev.tolk.core.Tensor;
import dev.tolk.core.Trainable;
import dev.tolk.seq2seq.config.AttentionType;
import dev.tolk.seq2seq.config.DecoderType;
import dev.tolk.seq2seq.config.ModelConfig;
import dev.tolk.seq2seq.store.ModelWeights;
import dev.tolk.seq2seq.store.NamedTensor;
import dev.tolk.tokenizer.Vocabulary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The encoder-decoder: an {@link Encoder} over the source and a {@link Decoder} over the target, built from a
 * {@link ModelConfig} and the two vocabulary sizes. {@code attention = bahdanau} gives the RNNsearch model of
 * Bahdanau et al. (2015) (bidirectional encoder by default), {@code attention = none} the RNN encoder-decoder of
 * Cho et al. (2014), {@code decoder = cgru} the conditional GRU decoder of Nematus (Sennrich et al. 2017); layer
 * normalisation, deep transitions and residual connections apply to both sides.
 *
 * <p>Training ({@link #trainStep}) runs the teacher-forced forward pass over one time-major batch, the loss (mean
 * softmax cross-entropy per real target token, with label smoothing) and the full backward pass, accumulating
 * every parameter's gradient. Validation ({@link #loss}) runs the forward pass only. Decoding uses
 * {@link #encode} and the decoder's step API ({@link Decoder#begin}, {@link Decoder#step}).
 *
 * <p>Every random choice is seeded: the initialisation from the construction seed, the dropout masks of an update
 * from {@code (seed, step)}; two models built and trained alike have bit-identical weights. Not thread-safe.
 */
public final class Seq2SeqModel implements Trainable {
    private final ModelConfig config;
    private final int sourceVocabulary;
    private final int targetVocabulary;
    private final long seed;
    private final Encoder encoder;
    private final Decoder decoder;
    private final SoftmaxCrossEntropy trainLoss;
    private final SoftmaxCrossEntropy plainLoss;
    private final List<Parameter> params;
    private final Tensor[] finals;

    /**
     * @param config the architecture
     * @param sourceVocabulary source vocabulary size (≥ 5: the four specials and one token)
     * @param targetVocabulary target vocabulary size
     * @param seed the initialisation seed (usually {@code train.seed})
     * @throws IllegalArgumentException naming the keys when the configuration cannot be built
     */
    public Seq2SeqModel(ModelConfig config, int sourceVocabulary, int targetVocabulary, long seed) {
        if (sourceVocabulary <= Vocabulary.SPECIALS.size() || targetVocabulary <= Vocabulary.SPECIALS.size()) {
            throw new IllegalArgumentException(
                    "Seq2SeqModel: vocabularies need more than the " + Vocabulary.SPECIALS.size()
                            + " special symbols, got source " + sourceVocabulary + " and target " + targetVocabulary
                            + "; check that the training corpus is not empty");
        }
        this.config = config;
        this.sourceVocabulary = sourceVocabulary;
        this.targetVocabulary = targetVocabulary;
        this.seed = seed;
        CellType cell = config.cell();
        boolean attentive = config.attention() == AttentionType.BAHDANAU;
        this.encoder = new Encoder(
                "encoder",
                new CellSpec(cell, config.layerNorm(), config.encTransitionDepth()),
                sourceVocabulary,
                config.embeddingSize(),
                config.hiddenSize(),
                config.layers(),
                config.bidirectional(),
                config.residual(),
                config.embeddingDropout(),
                config.hiddenDropout(),
                seed * 31 + 1);
        this.decoder = new Decoder(
                "decoder",
                new CellSpec(cell, config.layerNorm(), config.decTransitionDepth()),
                config.decoder() == DecoderType.CGRU,
                config.residual(),
                targetVocabulary,
                config.embeddingSize(),
                config.hiddenSize(),
                encoder.outputSize(),
                config.layers(),
                attentive,
                config.tiedEmbeddings(),
                config.embeddingDropout(),
                config.hiddenDropout(),
                config.outputDropout(),
                seed * 31 + 2);
        this.trainLoss = new SoftmaxCrossEntropy(Vocabulary.PAD_ID, (float) config.labelSmoothing());
        this.plainLoss = new SoftmaxCrossEntropy(Vocabulary.PAD_ID, 0f);
        List<Parameter> p = new ArrayList<>(encoder.parameters());
        p.addAll(decoder.parameters());
        this.params = Collections.unmodifiableList(p);
        this.finals = new Tensor[config.layers()];
    }

    public ModelConfig config() {
        return config;
    }

    public Encoder encoder() {
        return encoder;
    }

    public Decoder decoder() {
        return decoder;
    }

    public int sourceVocabularySize() {
        return sourceVocabulary;
    }

    public int targetVocabularySize() {
        return targetVocabulary;
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    /** Number of trainable values. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : params) {
            n += p.size();
        }
        return n;
    }

    /**
     * One training forward and backward pass: accumulates the gradient of the mean (label-smoothed) loss per real
     * target token into every parameter. Does not zero gradients nor update weights.
     *
     * @param batch the time-major batch
     * @param step the update number (seeds this update's dropout masks)
     * @return the summed loss and the real target tokens
     */
    public SoftmaxCrossEntropy.Loss trainStep(TokenBatch batch, long step) {
        long stepSeed = Dropout.seedFor(seed, step, 0);
        Tensor memory = encoder.forward(
                batch.source(), batch.sourceSteps(), batch.size(), batch.sourceLengths(), true, stepSeed);
        for (int l = 0; l < finals.length; l++) {
            finals[l] = encoder.finalFeatures(l);
        }
        SoftmaxCrossEntropy.Loss loss = decoder.forward(
                memory,
                batch.sourceLengths(),
                finals,
                batch.target(),
                batch.targetSteps(),
                batch.size(),
                trainLoss,
                true,
                stepSeed);
        Tensor dMemory = decoder.backward();
        encoder.backward(dMemory, decoder.finalGradients());
        return loss;
    }

    /**
     * The teacher-forced loss of a batch without dropout, label smoothing or gradients (validation perplexity).
     */
    public SoftmaxCrossEntropy.Loss loss(TokenBatch batch) {
        Tensor memory = encode(batch.source(), batch.sourceSteps(), batch.size(), batch.sourceLengths());
        return decoder.forward(
                memory,
                batch.sourceLengths(),
                finals,
                batch.target(),
                batch.targetSteps(),
                batch.size(),
                plainLoss,
                false,
                0);
    }

    /**
     * The teacher-forced loss with dropout and label smoothing as in training, forward only, for gradient checks:
     * the same masks as {@link #trainStep} with the same {@code step}.
     */
    public double trainingLoss(TokenBatch batch, long step) {
        long stepSeed = Dropout.seedFor(seed, step, 0);
        Tensor memory = encoder.forward(
                batch.source(), batch.sourceSteps(), batch.size(), batch.sourceLengths(), true, stepSeed);
        for (int l = 0; l < finals.length; l++) {
            finals[l] = encoder.finalFeatures(l);
        }
        SoftmaxCrossEntropy.Loss loss = decoder.forward(
                memory,
                batch.sourceLengths(),
                finals,
                batch.target(),
                batch.targetSteps(),
                batch.size(),
                trainLoss,
                true,
                false,
                stepSeed);
        return loss.mean();
    }

    /**
     * Encodes for decoding: {@code source} time-major {@code [S, B]}. Returns the memory {@code [S, B, C]};
     * {@link #finalFeatures()} then holds each layer's final features {@code [B, C]}. Views valid until the next
     * call.
     */
    public Tensor encode(int[] source, int steps, int batch, int[] lengths) {
        Tensor memory = encoder.forward(source, steps, batch, lengths, false, 0);
        for (int l = 0; l < finals.length; l++) {
            finals[l] = encoder.finalFeatures(l);
        }
        return memory;
    }

    /** The final features of each encoder layer after {@link #encode} ({@code [B, C]} views). */
    public Tensor[] finalFeatures() {
        return finals.clone();
    }

    /** Zeroes every parameter's gradient. */
    public void zeroGrad() {
        for (Parameter p : params) {
            p.zeroGrad();
        }
    }

    /** The weights as named tensors (copies), in parameter order. */
    public List<NamedTensor> exportWeights() {
        return ModelWeights.export(params);
    }

    /**
     * Loads weights by name; every parameter must be present with its exact shape.
     *
     * @throws IllegalArgumentException naming the first missing, extra or mis-shaped tensor
     */
    public void importWeights(List<NamedTensor> weights) {
        ModelWeights.load(params, weights);
    }
}
