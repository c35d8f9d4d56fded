package dev.tolk.seq2seq.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.data.SentencePair;
import dev.tolk.seq2seq.TextEncoding;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSummaryTest {
    @TempDir
    Path dir;

    private ModelFile model(boolean shared) throws Exception {
        Seq2SeqConfig config = Seq2SeqConfig.DEFAULTS.withOverrides(
                List.of("data.tokenizer=word", "data.shared_vocab=" + shared, "model.hidden_size=8"));
        TextEncoding enc = TextEncoding.learn(
                List.of(new SentencePair("a b c", "x y", 1), new SentencePair("a d", "x", 2)), config.data());
        return new ModelFile(
                config,
                enc.vocabulariesJson(),
                enc.tokenizerJson(),
                new Provenance("cd".repeat(32), 9, "0.1.0", Instant.parse("2026-01-02T03:04:05Z"), Map.of("step", 6.0)),
                List.of(
                        new NamedTensor("a", new int[] {2, 3}, new float[6]),
                        new NamedTensor("b", new int[] {4}, new float[4])));
    }

    @Test
    void countsTheParametersAndVocabulariesOfAModelDirectory() throws Exception {
        model(false).write(dir.resolve(ModelFile.FILE_NAME));
        ModelSummary s = ModelSummary.read(dir);
        assertEquals(dir.resolve(ModelFile.FILE_NAME), s.file());
        assertEquals(10, s.parameters());
        assertEquals(2, s.tensors());
        assertEquals(4 + 4, s.sourceVocabularySize(), "<pad> <unk> <s> </s> and a b c d");
        assertEquals(4 + 2, s.targetVocabularySize(), "the specials and x y");
        assertEquals(false, s.sharedVocabulary());
        ObjectNode j = s.toJson();
        assertEquals(
                List.of("file", "parameters", "tensors", "vocabularies", "provenance", "config"),
                List.copyOf(iterable(j.fieldNames())));
        assertEquals(
                "{\"source\":8,\"target\":6,\"shared\":false}",
                j.get("vocabularies").toString());
        assertEquals(10, j.get("parameters").asLong());
        assertEquals("cd".repeat(32), j.at("/provenance/corpus_sha256").asText());
        assertEquals(6, j.at("/provenance/metrics/step").asLong());
        assertEquals(8, j.at("/config/model/hidden_size").asInt());
    }

    @Test
    void aSharedVocabularyIsOne() throws Exception {
        Path f = dir.resolve("m.tolk");
        model(true).write(f);
        ModelSummary s = ModelSummary.read(f);
        assertTrue(s.sharedVocabulary());
        assertEquals(4 + 6, s.sourceVocabularySize());
        assertEquals(s.sourceVocabularySize(), s.targetVocabularySize());
    }

    @Test
    void unreadableVocabulariesAreACorruptModelNamingTheFile() throws Exception {
        ModelFile m = model(false);
        Path f = dir.resolve("bad.tolk");
        new ModelFile(m.config(), new ObjectMapper().readTree("{}"), m.tokenizer(), m.provenance(), m.weights())
                .write(f);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelSummary.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(
                e.getMessage().contains("invalid tokenizer or vocabularies: field 'source' is missing"),
                e.getMessage());
        assertTrue(Files.exists(f));
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
