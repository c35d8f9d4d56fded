package dev.tolk.seq2seq.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.core.Parameter;
import dev.tolk.seq2seq.config.ModelConfig;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.model.Seq2SeqModel;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The budget knows a model's tensors before it exists, and refuses models that cannot be built or trained. */
class ModelBudgetTest {

    private static ModelConfig model(String... settings) {
        return Seq2SeqConfig.DEFAULTS
                .withOverrides(List.of(settings))
                .withOverrides(List.of("model.embedding_size=6", "model.hidden_size=5"))
                .model();
    }

    @Test
    void theBudgetListsExactlyTheTensorsTheModelBuilds() {
        List<ModelConfig> configs = List.of(
                model(),
                model("model.cell=lstm", "model.layers=3", "model.tied_embeddings=true"),
                model("model.cell=rnn", "model.attention=none", "model.bidirectional=false", "model.layers=2"),
                model("model.cell=gru", "model.attention=none", "model.tied_embeddings=true"),
                model("model.cell=lstm", "model.bidirectional=false"),
                model("model.decoder=cgru", "model.layer_norm=true", "model.dec_transition_depth=3", "model.layers=2"),
                model(
                        "model.cell=lstm",
                        "model.layer_norm=true",
                        "model.enc_transition_depth=2",
                        "model.residual=true",
                        "model.layers=3",
                        "model.tied_embeddings=true"),
                model(
                        "model.cell=rnn",
                        "model.decoder=cgru",
                        "model.enc_transition_depth=4",
                        "model.dec_transition_depth=2"));
        for (ModelConfig c : configs) {
            Seq2SeqModel m = new Seq2SeqModel(c, 17, 23, 1);
            Map<String, Long> actual = new TreeMap<>();
            for (Parameter p : m.parameters()) {
                actual.put(p.name(), (long) p.size());
            }
            Map<String, Long> estimated = new TreeMap<>();
            ModelBudget b = ModelBudget.of(c, 17, 23);
            b.tensors().forEach(t -> estimated.put(t.name(), t.values()));
            assertEquals(actual, estimated, c.toString());
            assertEquals(m.parameterCount(), b.parameters(), c.toString());
        }
    }

    @Test
    void aTensorBeyondTwoGigabytesNamesTheSettingsInsteadOfOverflowing() {
        ModelConfig huge =
                Seq2SeqConfig.DEFAULTS.withOverride("model.hidden_size=16384").model();
        TrainingException e = assertThrows(
                TrainingException.class,
                () -> ModelBudget.check(huge, 8000, 8000, 4096, Long.MAX_VALUE, Long.MAX_VALUE));
        assertTrue(
                e.getMessage()
                        .startsWith("the model is too large: with model.hidden_size=16384, model.embedding_size=256, "
                                + "model.layers=1 and vocabularies of 8,000/8,000 symbols, decoder.cell0.wx would hold "
                                + "1,623,195,648 values, more than one tensor can"),
                e.getMessage());
    }

    @Test
    void aModelBeyondTheJvmsMemoryNamesTheSettingsAndTheWayOut() {
        ModelConfig big =
                Seq2SeqConfig.DEFAULTS.withOverride("model.hidden_size=8192").model();
        long gigabyte = 1L << 30;
        TrainingException e = assertThrows(
                TrainingException.class, () -> ModelBudget.check(big, 121, 121, 4096, 6 * gigabyte, 6 * gigabyte));
        assertTrue(
                e.getMessage().startsWith("the model is too large for this JVM: with model.hidden_size=8192"),
                e.getMessage());
        assertTrue(e.getMessage().contains("lower model.hidden_size"), e.getMessage());
        assertTrue(e.getMessage().contains("-Xmx"), e.getMessage());
        assertEquals(
                ModelBudget.of(big, 121, 121).parameters(),
                ModelBudget.check(big, 121, 121, 4096, 64 * gigabyte, 64 * gigabyte)
                        .parameters(),
                "enough memory: accepted");
        assertTrue(ModelBudget.maxDirectMemory() > 0);
    }
}
