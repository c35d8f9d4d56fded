package dev.tolk.seq2seq.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.data.SentencePair;
import dev.tolk.seq2seq.TextEncoding;
import dev.tolk.seq2seq.config.DecodeConfig;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.io.SourceRecord;
import dev.tolk.seq2seq.io.TranslationInput;
import dev.tolk.seq2seq.io.TranslationOutput;
import dev.tolk.seq2seq.io.TranslationResult;
import dev.tolk.seq2seq.model.Seq2SeqModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The translation loop on an untrained (random, seeded) model: order, sharing, streaming, warnings as records. */
class TranslatorTest {
    static Translator translator;

    static final List<String> WORDS =
            List.of("the", "cat", "dog", "sleeps", "eats", "a", "big", "small", "red", "house", "runs", "fast");

    @BeforeAll
    static void untrainedModel() {
        Seq2SeqConfig c = Seq2SeqConfig.DEFAULTS.withOverrides(List.of(
                "data.tokenizer=word", "model.embedding_size=8", "model.hidden_size=16", "decode.max_length_ratio=1"));
        List<SentencePair> pairs = List.of(SentencePair.of(String.join(" ", WORDS), String.join(" ", WORDS)));
        TextEncoding e = TextEncoding.learn(pairs, c.data());
        Seq2SeqModel m = new Seq2SeqModel(
                c.model(), e.sourceVocabulary().size(), e.targetVocabulary().size(), 7);
        translator = new Translator(c, e, m);
    }

    /** Sentences of varied lengths: sorted batching puts copies of one sentence into different batches. */
    static List<String> sentences(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + (i * 7) % 13;
            for (int k = 0; k < len; k++) {
                sb.append(k == 0 ? "" : " ").append(WORDS.get((i * 5 + k * 3) % WORDS.size()));
            }
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void identicalInputsGetIdenticalTranslationsAndScoresWhateverTheirBatch() {
        List<String> in = sentences(40);
        String repeated = in.get(3);
        in.set(10, repeated);
        in.set(29, repeated);
        DecodeConfig decode = translator.decodeConfig().withBeam(3, 1);
        for (int batch : new int[] {2, 3, 5}) {
            List<TranslationResult> r = translator.translate(in, decode, Batching.ofBatchSize(batch));
            assertEquals(40, r.size());
            for (int i : new int[] {10, 29}) {
                assertEquals(r.get(3).translation(), r.get(i).translation(), "batch " + batch);
                assertEquals(r.get(3).score(), r.get(i).score(), 0.0, "the same bits, batch " + batch);
                assertEquals(i, r.get(i).source().id());
            }
        }
    }

    @Test
    void streamingWritesEachRecordBeforeReadingTheNext() throws IOException {
        List<TranslationResult> written = new ArrayList<>();
        int[] flushes = {0};
        List<String> texts = List.of("the cat", "", "a big red house");
        List<String> events = new ArrayList<>();
        TranslationInput in = new TranslationInput() {
            int next;

            @Override
            public Optional<SourceRecord> next() {
                events.add("read " + next + " after " + written.size() + " written, " + flushes[0] + " flushed");
                return next < texts.size()
                        ? Optional.of(new SourceRecord(next, next + 1, texts.get(next++)))
                        : Optional.empty();
            }

            @Override
            public void close() {}
        };
        TranslationOutput out = new TranslationOutput() {
            @Override
            public void write(TranslationResult r) {
                written.add(r);
            }

            @Override
            public void flush() {
                flushes[0]++;
            }

            @Override
            public void close() {}
        };
        long n = translator.translate(in, out, translator.decodeConfig(), Batching.STREAMING, w -> {});
        assertEquals(3, n);
        assertEquals(
                List.of(
                        "read 0 after 0 written, 0 flushed",
                        "read 1 after 1 written, 1 flushed",
                        "read 2 after 2 written, 2 flushed",
                        "read 3 after 3 written, 3 flushed"),
                events);
        assertEquals(
                translator.translate(texts, translator.decodeConfig(), Batching.DEFAULT).stream()
                        .map(TranslationResult::translation)
                        .toList(),
                written.stream().map(TranslationResult::translation).toList());
    }

    @Test
    void overlongRecordsWarnWithTheirRecord() throws IOException {
        DecodeConfig decode = new DecodeConfig(1, 0.6, 1.0, 1, false, 3, dev.tolk.seq2seq.config.OverlongPolicy.CHUNK);
        List<TranslationWarning> warnings = new ArrayList<>();
        List<TranslationResult> out = new ArrayList<>();
        List<String> in = List.of("the cat", "a big red house runs fast", "dog", "a big red house runs fast");
        translator.translate(
                TranslationInput.of(in), TranslationOutput.into(out, false), decode, Batching.DEFAULT, warnings::add);
        assertEquals(
                List.of(2L, 4L), warnings.stream().map(w -> w.source().line()).toList());
        assertEquals(
                "6 tokens exceed the limit of 3; translating in 2 chunks (raise decode.max_input_tokens to translate"
                        + " it whole)",
                warnings.get(0).message());
        assertEquals(4, out.size());
        assertTrue(out.get(1).translation().length() > 0);
    }
}
