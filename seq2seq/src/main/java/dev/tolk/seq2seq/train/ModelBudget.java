package dev.tolk.seq2seq.train;

import dev.tolk.core.CellType;
import dev.tolk.seq2seq.config.AttentionType;
import dev.tolk.seq2seq.config.DecoderType;
import dev.tolk.seq2seq.config.ModelConfig;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a translation model of a given configuration will take, known before anything is allocated: its parameter
 * tensors (the shapes {@link dev.tolk.seq2seq.model.Seq2SeqModel} builds), the memory training needs at least
 * (each parameter's value and gradient in direct memory, Adam's two moments on the heap, and the output layer's
 * logits and their gradient for one batch), and whether every tensor fits the one direct buffer a
 * {@link dev.tolk.core.Tensor} is (at most 2 GiB). {@link #check} turns a configuration that cannot be built into a
 * one-line {@link TrainingException} naming the settings, instead of an arithmetic overflow or an allocation failure
 * minutes into initialisation.
 *
 * @param tensors the parameter tensors: name and number of values
 */
record ModelBudget(List<Tensor> tensors) {

    /** The most values one tensor holds: a direct buffer of at most {@link Integer#MAX_VALUE} bytes, aligned. */
    static final long MAX_TENSOR_VALUES = (Integer.MAX_VALUE - 1024L) / Float.BYTES;

    /**
     * One parameter tensor.
     *
     * @param name e.g. {@code decoder.output.w}
     * @param values its number of values
     */
    record Tensor(String name, long values) {}

    /** The parameter tensors of a model with this architecture and these vocabulary sizes. */
    static ModelBudget of(ModelConfig m, int sourceVocabulary, int targetVocabulary) {
        List<Tensor> t = new ArrayList<>();
        long e = m.embeddingSize();
        long h = m.hiddenSize();
        int dirs = m.bidirectional() ? 2 : 1;
        long c = dirs * h;
        boolean conditional = m.decoder() == DecoderType.CGRU;
        t.add(new Tensor("encoder.embedding.table", sourceVocabulary * e));
        for (int l = 0; l < m.layers(); l++) {
            for (int d = 0; d < dirs; d++) {
                String name = "encoder.rnn" + l + ".l0" + (d == 0 ? ".fwd" : ".bwd");
                cell(t, name, m, m.encTransitionDepth(), l == 0 ? e : c, h);
            }
        }
        t.add(new Tensor("decoder.embedding.table", targetVocabulary * e));
        if (conditional) {
            cell(t, "decoder.gru1", m, 1, e, h);
        }
        for (int l = 0; l < m.layers(); l++) {
            long in = l > 0 ? h : conditional ? c : e + c;
            cell(t, "decoder.cell" + l, m, l == 0 ? m.decTransitionDepth() : 1, in, h);
            t.add(new Tensor("decoder.init" + l + ".w", h * c));
            t.add(new Tensor("decoder.init" + l + ".b", h));
        }
        if (m.attention() == AttentionType.BAHDANAU) {
            t.add(new Tensor("decoder.attention.ws", h * h));
            t.add(new Tensor("decoder.attention.wh", h * c));
            t.add(new Tensor("decoder.attention.b", h));
            t.add(new Tensor("decoder.attention.v", h));
        }
        long features = h + c + e;
        if (m.tiedEmbeddings()) {
            t.add(new Tensor("decoder.projection.w", features * e));
            t.add(new Tensor("decoder.output.b", targetVocabulary));
        } else {
            t.add(new Tensor("decoder.output.w", features * targetVocabulary));
            t.add(new Tensor("decoder.output.b", targetVocabulary));
        }
        return new ModelBudget(List.copyOf(t));
    }

    /** A cell of {@code depth} transitions (the later ones without input), layer-normalised per the config. */
    private static void cell(List<Tensor> t, String name, ModelConfig m, int depth, long in, long h) {
        transition(t, name, m, in, h);
        for (int k = 2; k <= depth; k++) {
            transition(t, name + ".transition" + k, m, 0, h);
        }
    }

    private static void transition(List<Tensor> t, String name, ModelConfig m, long in, long h) {
        long gates = m.cell().gateBlocks();
        if (in > 0) {
            t.add(new Tensor(name + ".wx", gates * h * in));
        }
        t.add(new Tensor(name + ".wh", gates * h * h));
        t.add(new Tensor(name + ".bx", gates * h));
        if (m.cell() == CellType.GRU) {
            t.add(new Tensor(name + ".bhn", h));
        }
        if (m.layerNorm()) {
            for (String norm : in > 0 ? List.of(".ln_x", ".ln_h") : List.of(".ln_h")) {
                t.add(new Tensor(name + norm + ".gain", gates * h));
                t.add(new Tensor(name + norm + ".bias", gates * h));
            }
        }
    }

    /** @return the number of trainable values */
    long parameters() {
        return tensors.stream().mapToLong(Tensor::values).sum();
    }

    /** @return the largest tensor */
    Tensor largest() {
        Tensor max = tensors.get(0);
        for (Tensor x : tensors) {
            if (x.values() > max.values()) {
                max = x;
            }
        }
        return max;
    }

    /**
     * Refuses a model that cannot be built or trained in this JVM.
     *
     * @param m the architecture
     * @param sourceVocabulary source vocabulary size
     * @param targetVocabulary target vocabulary size
     * @param batchTokens {@code train.batch_tokens}
     * @param heapBytes the most heap this JVM may use ({@link Runtime#maxMemory()})
     * @param directBytes the most direct memory this JVM may use ({@link #maxDirectMemory()})
     * @throws TrainingException naming the settings when a tensor is too large or the memory is too small
     */
    static ModelBudget check(
            ModelConfig m,
            int sourceVocabulary,
            int targetVocabulary,
            int batchTokens,
            long heapBytes,
            long directBytes) {
        ModelBudget b = of(m, sourceVocabulary, targetVocabulary);
        String settings = String.format(
                Locale.ROOT,
                "model.hidden_size=%d, model.embedding_size=%d, model.layers=%d and vocabularies of %,d/%,d symbols",
                m.hiddenSize(),
                m.embeddingSize(),
                m.layers(),
                sourceVocabulary,
                targetVocabulary);
        Tensor largest = b.largest();
        if (largest.values() > MAX_TENSOR_VALUES) {
            throw new TrainingException(String.format(
                    Locale.ROOT,
                    "the model is too large: with %s, %s would hold %,d values, more than one tensor can (%,d); "
                            + "lower model.hidden_size or model.embedding_size (or the vocabulary: data.max_vocab, "
                            + "data.bpe_vocab_size)",
                    settings,
                    largest.name(),
                    largest.values(),
                    MAX_TENSOR_VALUES));
        }
        long p = b.parameters();
        // values and gradients of the parameters, logits and their gradient for the batch's target tokens
        long direct = 2 * Float.BYTES * p + 2L * Float.BYTES * batchTokens * targetVocabulary;
        long heap = 2 * Float.BYTES * p; // Adam's first and second moments
        if (direct > directBytes || heap > heapBytes) {
            throw new TrainingException(String.format(
                    Locale.ROOT,
                    "the model is too large for this JVM: with %s it has %,d parameters and training needs at least "
                            + "%s of direct memory and %s of heap, but the JVM may use %s and %s; lower "
                            + "model.hidden_size, model.embedding_size or train.batch_tokens, or give Java more memory "
                            + "(-Xmx, e.g. TOLK_JAVA_OPTS=-Xmx16g)",
                    settings,
                    p,
                    gigabytes(direct),
                    gigabytes(heap),
                    gigabytes(directBytes),
                    gigabytes(heapBytes)));
        }
        return b;
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    /**
     * @return the most direct memory this JVM may allocate: {@code -XX:MaxDirectMemorySize}, which defaults to the
     *     maximum heap
     */
    static long maxDirectMemory() {
        try {
            String v = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption("MaxDirectMemorySize")
                    .getValue();
            long bytes = Long.parseLong(v);
            return bytes > 0 ? bytes : Runtime.getRuntime().maxMemory();
        } catch (RuntimeException | LinkageError e) {
            return Runtime.getRuntime().maxMemory();
        }
    }
}
