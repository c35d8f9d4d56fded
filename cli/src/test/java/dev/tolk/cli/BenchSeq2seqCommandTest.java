package dev.tolk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tolk.core.Gemm;
import dev.tolk.core.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code tolk bench seq2seq} on tiny sizes (speed is measured by running the command, not by this test). */
class BenchSeq2seqCommandTest {
    private static final String[] PEER_KEYS = {
        "model",
        "emb",
        "hid",
        "batch",
        "src_vocab",
        "tgt_vocab",
        "src_len",
        "tgt_len",
        "params",
        "preset",
        "train_tokens_per_sec",
        "train_ms_per_step",
        "train_ms_per_step_min",
        "greedy_sentences_per_sec",
        "beam5_sentences_per_sec",
        "decode_batch",
        "max_decode_len",
        "train_mflop_per_tgt_tok_model",
        "train_gflop_per_s_model",
        "loss_first",
        "loss_last",
        "peak_rss_mb",
        "threads",
        "loadavg_start",
        "loadavg_end",
        "timed_steps",
        "warmup_steps"
    };

    private static JsonNode runJson(String... args) throws Exception {
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(0, r.exit(), r.err());
        String out = r.out().trim();
        assertEquals(1, out.lines().count(), out);
        return new ObjectMapper().readTree(out);
    }

    @Test
    void tinyAttentionModelPrintsThePeersKeys() throws Exception {
        JsonNode j = runJson(
                "bench",
                "seq2seq",
                "--preset",
                "attn-256",
                "--json",
                "--threads",
                "1",
                "--steps",
                "2",
                "--warmup",
                "1",
                "--train-warmup",
                "0.5",
                "--emb",
                "8",
                "--hidden",
                "6",
                "--batch",
                "3",
                "--src-vocab",
                "20",
                "--tgt-vocab",
                "30",
                "--src-len",
                "5",
                "--tgt-len",
                "11",
                "--decode-batch",
                "4",
                "--decode-warmup",
                "0",
                "--greedy-reps",
                "1",
                "--beam-reps",
                "1");
        for (String k : PEER_KEYS) {
            assertTrue(j.has(k), k + " missing in " + j);
        }
        assertEquals("bahdanau", j.get("model").asText());
        assertEquals("attn-256", j.get("preset").asText());
        assertEquals(6, j.get("enc_hid_per_dir").asInt());
        assertEquals(1, j.get("threads").asInt());
        assertEquals(4, j.get("decode_batch").asInt());
        assertEquals(11, j.get("max_decode_len").asInt());
        assertTrue(j.get("backend").asText().length() > 0, j.toString());
        // Counts from the peer itself (torch_seq2seq.build_model with these sizes, sum(p.numel())): 2488; Tolk has 2H
        // fewer GRU biases per direction (3 directions): 2488 - 36 = 2452.
        assertEquals(2488, j.get("params_peer").asLong());
        assertEquals(2452, j.get("params").asLong());
        assertEquals(-36, j.get("params_minus_peer").asLong());
        assertEquals(
                j.get("params_minus_peer_expected").asLong(),
                j.get("params_minus_peer").asLong());
        double tps = j.get("train_tokens_per_sec").asDouble();
        double ms = j.get("train_ms_per_step").asDouble();
        assertTrue(tps > 0 && ms > 0, j.toString());
        assertEquals(3 * 11 / (ms / 1000), tps, tps * 0.01 + 1, "tokens/s = batch * tgt_len / median step");
        assertTrue(j.get("train_ms_per_step_min").asDouble() <= ms, j.toString());
        assertTrue(j.get("greedy_sentences_per_sec").asDouble() > 0, j.toString());
        assertTrue(j.get("beam5_sentences_per_sec").asDouble() > 0, j.toString());
        double loss0 = j.get("loss_first").asDouble();
        assertTrue(Math.abs(loss0 - Math.log(30)) < 0.5, "initial loss near ln V: " + loss0);
        assertTrue(j.get("peak_rss_mb").asDouble() > 10, j.toString());
        assertEquals("fp32", j.get("precision").asText(), "float32 unless --precision says otherwise");
        assertEquals("fp32", j.get("train_precision").asText());
        assertEquals(0.0, j.get("decode_warmup_seconds").asDouble());
        assertEquals(0.5, j.get("train_warmup_seconds").asDouble());
        // a tiny model's step takes milliseconds: half a second of warm-up is many more steps than --warmup 1
        assertTrue(j.get("warmup_steps").asInt() > 5, "warm-up runs for --train-warmup seconds: " + j);
        assertEquals(1, j.get("greedy_warmup_runs").asInt(), "--decode-warmup 0 still warms up with one decoding");
        assertEquals(1, j.get("beam_warmup_runs").asInt());
    }

    @ParameterizedTest
    @CsvSource({"bf16, bf16", "int8, fp32"})
    void precisionRunsAndIsReportedAsThePeerReportsIt(String precision, String trainPrecision) throws Exception {
        Precision p = Precision.parse(precision);
        assumeTrue(Gemm.get().supports(p), Gemm.get().name() + " does not compute " + p);
        Precision before = Gemm.get().precision();
        JsonNode j = runJson(
                "bench",
                "seq2seq",
                "--preset",
                "attn-256",
                "--json",
                "--threads",
                "1",
                "--steps",
                "2",
                "--warmup",
                "1",
                "--train-warmup",
                "0",
                "--emb",
                "8",
                "--hidden",
                "6",
                "--batch",
                "3",
                "--src-vocab",
                "20",
                "--tgt-vocab",
                "30",
                "--src-len",
                "5",
                "--tgt-len",
                "11",
                "--decode-batch",
                "4",
                "--decode-warmup",
                "0",
                "--greedy-reps",
                "1",
                "--beam-reps",
                "1",
                "--precision",
                precision);
        assertEquals(precision, j.get("precision").asText(), j.toString());
        assertEquals(trainPrecision, j.get("train_precision").asText(), j.toString());
        assertEquals(1, j.get("warmup_steps").asInt(), "--train-warmup 0: exactly --warmup steps");
        assertTrue(j.get("backend").asText().startsWith("onednn"), j.toString());
        assertTrue(j.get("greedy_sentences_per_sec").asDouble() > 0, j.toString());
        assertEquals(before, Gemm.get().precision(), "the benchmark restores the precision");
    }

    @Test
    void aNegativeTrainingWarmUpIsAUsageError() {
        CliRunner.Result r = CliRunner.run("bench", "seq2seq", "--preset", "attn-256", "--train-warmup", "-1");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--train-warmup must be in 0..3600 seconds"), r.err());
    }

    @Test
    void anUnknownPrecisionIsAUsageError() {
        CliRunner.Result r = CliRunner.run("bench", "seq2seq", "--preset", "attn-256", "--precision", "fp16");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--precision") && r.err().contains("fp32, bf16, int8"), r.err());
    }

    @Test
    void tinyChoModelCountsTheInitialStateLayer() throws Exception {
        JsonNode j = runJson(
                "bench",
                "seq2seq",
                "--preset",
                "cho-512",
                "--json",
                "--threads",
                "1",
                "--steps",
                "1",
                "--warmup",
                "0",
                "--train-warmup",
                "0",
                "--emb",
                "4",
                "--hidden",
                "5",
                "--batch",
                "2",
                "--src-vocab",
                "9",
                "--tgt-vocab",
                "7",
                "--src-len",
                "3",
                "--tgt-len",
                "10",
                "--decode-batch",
                "2",
                "--beam",
                "3",
                "--decode-warmup",
                "0",
                "--greedy-reps",
                "1",
                "--beam-reps",
                "1");
        assertEquals("cho", j.get("model").asText());
        assertTrue(j.get("enc_hid_per_dir").isNull(), j.toString());
        assertTrue(j.has("beam3_sentences_per_sec"), j.toString());
        // Peer: src emb 36, enc GRU 3*5*4 + 3*5*5 + 30 = 165, tgt emb 28, dec GRU 3*5*9 + 75 + 30 = 240,
        // fc_out 14*7 + 7 = 105: 574. Tolk: -2*5 biases per GRU (2 GRUs), + init layer 5*5 + 5: 574 - 20 + 30 = 584.
        assertEquals(574, j.get("params_peer").asLong());
        assertEquals(584, j.get("params").asLong());
    }

    @Test
    void humanOutput() {
        CliRunner.Result r = CliRunner.run(
                "bench",
                "seq2seq",
                "--preset",
                "attn-512",
                "--threads",
                "1",
                "--steps",
                "1",
                "--warmup",
                "0",
                "--train-warmup",
                "0",
                "--emb",
                "4",
                "--hidden",
                "3",
                "--batch",
                "2",
                "--src-vocab",
                "8",
                "--tgt-vocab",
                "8",
                "--src-len",
                "2",
                "--tgt-len",
                "10",
                "--decode-batch",
                "2",
                "--decode-warmup",
                "0",
                "--greedy-reps",
                "1",
                "--beam-reps",
                "1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("preset attn-512 (bahdanau)"), r.out());
        assertTrue(r.out().contains("target tokens/s"), r.out());
        assertTrue(r.out().contains("beam-5 decoding:"), r.out());
    }

    @Test
    void usageErrorsListTheChoices() {
        CliRunner.Result bad = CliRunner.run("bench", "seq2seq", "--preset", "big");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--preset must be one of cho-512, attn-512, attn-256, got 'big'"), bad.err());
        CliRunner.Result threads = CliRunner.run("bench", "seq2seq", "--preset", "attn-256", "--threads", "-1");
        assertEquals(2, threads.exit());
        assertTrue(threads.err().contains("--threads must be in [0, 1024] (0 = all cores), got -1"), threads.err());
        CliRunner.Result len = CliRunner.run("bench", "seq2seq", "--preset", "attn-256", "--tgt-len", "4");
        assertEquals(2, len.exit());
        assertTrue(len.err().contains("--tgt-len must be >= 10"), len.err());
        CliRunner.Result missing = CliRunner.run("bench", "seq2seq");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("--preset"), missing.err());
    }
}
