package dev.tolk.seq2seq.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.seq2seq.config.Seq2SeqConfig;
import dev.tolk.seq2seq.store.ModelFormatException.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static ModelFile sample() throws IOException {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("valid_ppl", 12.5);
        metrics.put("valid_bleu", Double.NaN);
        Provenance p = new Provenance("ab".repeat(32), 7, "0.1.0", Instant.parse("2025-01-02T03:04:05Z"), metrics);
        float[] emb = {1.0f, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, -2.5f, 3.25f};
        return new ModelFile(
                Seq2SeqConfig.DEFAULTS.withOverride("model.hidden_size=32"),
                JSON.readTree("{\"source\":[\"<pad>\",\"<unk>\",\"Haus\"],\"target\":[\"<pad>\",\"house\"]}"),
                JSON.readTree("{\"type\":\"bpe\",\"merges\":[[\"h\",\"a\"]]}"),
                p,
                List.of(
                        new NamedTensor("enc.emb", new int[] {3, 2}, emb),
                        new NamedTensor("bias", new int[] {}, new float[] {0.5f})));
    }

    private Path written() throws IOException {
        Path f = dir.resolve("model.tolk");
        sample().write(f);
        return f;
    }

    private static ModelFormatException fails(Path f, Problem problem) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(f));
        assertEquals(problem, e.problem(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one-line message");
        assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
        return e;
    }

    @Test
    void roundTripKeepsEverythingBitExact() throws IOException {
        ModelFile m = sample();
        Path f = written();
        ModelFile back = ModelFile.read(dir); // a directory resolves to model.tolk
        assertEquals(m.config(), back.config());
        assertEquals(m.vocabularies(), back.vocabularies());
        assertEquals(m.tokenizer(), back.tokenizer());
        assertEquals(m.provenance().corpusSha256(), back.provenance().corpusSha256());
        assertEquals(Instant.parse("2025-01-02T03:04:05Z"), back.provenance().created());
        assertEquals(12.5, back.provenance().metrics().get("valid_ppl"));
        assertTrue(back.provenance().metrics().get("valid_bleu").isNaN());
        assertEquals(m.weights(), back.weights());
        assertArrayEquals(new int[] {3, 2}, back.weightsByName().get("enc.emb").shape());
        assertEquals(
                Float.floatToRawIntBits(-0.0f),
                Float.floatToRawIntBits(back.weights().get(0).values()[1]));
        assertEquals(List.of(), ModelFile.readWithoutWeights(f).weights());
    }

    @Test
    void layoutIsMagicVersionHeaderLittleEndianPayloadCrc() throws IOException {
        byte[] b = Files.readAllBytes(written());
        assertArrayEquals(new byte[] {(byte) 0x89, 'T', 'O', 'L', 'K', '\r', '\n', 0x1A}, Arrays.copyOf(b, 8));
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, le.getInt(8));
        int h = le.getInt(12);
        ObjectNode header = (ObjectNode) JSON.readTree(Arrays.copyOfRange(b, 16, 16 + h));
        assertEquals("model", header.get("kind").asText());
        assertEquals(28, header.get("payload_bytes").asLong());
        assertEquals(
                Seq2SeqConfig.DEFAULTS.withOverride("model.hidden_size=32").configHash(),
                header.get("config_hash").asText());
        // 1.0f little-endian is 00 00 80 3f
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3f}, Arrays.copyOfRange(b, 16 + h, 20 + h));
        assertEquals(16 + h + 28 + 4, b.length);
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        assertEquals((int) crc.getValue(), le.getInt(b.length - 4));
    }

    @Test
    void notAModel() throws IOException {
        Path f = dir.resolve("notes.txt");
        Files.writeString(f, "hello world, this is text\n");
        assertTrue(fails(f, Problem.NOT_A_MODEL)
                .getMessage()
                .contains("not a Tolk model file (starts with 0x68656c6c6f20776f"));
        Path empty = dir.resolve("empty");
        Files.write(empty, new byte[0]);
        fails(empty, Problem.NOT_A_MODEL);
    }

    @Test
    void truncatedAnywhere() throws IOException {
        byte[] b = Files.readAllBytes(written());
        int h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        for (int cut : new int[] {5, 12, 16 + h / 2, 16 + h + 3, b.length - 1}) {
            Path f = dir.resolve("cut" + cut);
            Files.write(f, Arrays.copyOf(b, cut));
            assertTrue(fails(f, Problem.TRUNCATED).getMessage().contains("truncated"));
        }
    }

    @Test
    void everySingleBitFlipIsDetected() throws IOException {
        byte[] b = Files.readAllBytes(written());
        int flips = 0;
        for (int i = 16; i < b.length; i += 7) {
            byte[] c = b.clone();
            c[i] ^= (byte) (1 << (i % 8));
            Path f = dir.resolve("flip");
            Files.write(f, c);
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(f), "offset " + i);
            assertTrue(e.problem() == Problem.CORRUPT || e.problem() == Problem.TRUNCATED, i + ": " + e.getMessage());
            flips++;
        }
        assertTrue(flips > 20);
        byte[] c = b.clone();
        c[b.length - 10] ^= 0x01; // in the payload
        Path f = dir.resolve("payload-flip");
        Files.write(f, c);
        assertTrue(fails(f, Problem.CORRUPT).getMessage().contains("checksum mismatch"));
    }

    /** A flipped version byte is no reason to "upgrade Tolk": the file says a version this Tolk does not know. */
    @Test
    void anUnknownVersionIsNamedWithTheVersionsThisTolkReads() throws IOException {
        byte[] b = Files.readAllBytes(written());
        for (int v : new int[] {2, 0, 129}) {
            byte[] flipped = b.clone();
            flipped[8] = (byte) v;
            Path f = dir.resolve("v" + v);
            Files.write(f, flipped);
            assertEquals(
                    f + ": unknown format version " + v + " (this Tolk reads 1–1); the file is damaged or was"
                            + " written by another program or Tolk version",
                    fails(f, Problem.WRONG_VERSION).getMessage());
        }
    }

    /** NaN weights with a valid checksum used to load and translate every line to empty text. */
    @Test
    void nonFiniteWeightsAreRejectedAtLoadNamingTheTensor() throws IOException {
        ModelFile m = sample();
        float[] bad = {1f, 2f, Float.NaN, 3f, Float.POSITIVE_INFINITY, 4f};
        ModelFile nan = new ModelFile(
                m.config(),
                m.vocabularies(),
                m.tokenizer(),
                m.provenance(),
                List.of(
                        new NamedTensor("enc.emb", new int[] {3, 2}, bad),
                        m.weights().get(1)));
        Path f = dir.resolve("nan.tolk");
        nan.write(f); // the checksum is valid: the container is fine, its content is not
        assertEquals(
                f + ": tensor 'enc.emb' holds 2 non-finite values (first: NaN at index 2); the run that wrote it"
                        + " diverged: use an earlier checkpoint or retrain with a lower learning rate",
                fails(f, Problem.CORRUPT).getMessage());
    }

    /** Reading a named pipe would wait forever for a writer. */
    @Test
    void aNamedPipeIsRefusedWithoutReading() throws Exception {
        Path fifo = dir.resolve("pipe.tolk");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is available");
        ModelFormatException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(60), () -> fails(fifo, Problem.NOT_A_MODEL));
        assertTrue(e.getMessage()
                .endsWith("not a regular file (a pipe, a device or a directory); pass a model file"
                        + " written by 'tolk train'"));
    }

    @Test
    void trailingBytesAndHugeHeaderLengthAreCorrupt() throws IOException {
        byte[] b = Files.readAllBytes(written());
        Path f = dir.resolve("trail");
        Files.write(f, Arrays.copyOf(b, b.length + 3));
        assertTrue(fails(f, Problem.CORRUPT).getMessage().contains("3 unexpected bytes"));
        byte[] c = b.clone();
        ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 0x7fffffff);
        Files.write(f, c);
        fails(f, Problem.CORRUPT);
    }

    @Test
    void hugeTensorTableIsRejectedBeforeAllocation() throws IOException {
        // A well-formed, correctly checksummed file whose table claims an 8 GB tensor it does not hold.
        String header = "{\"kind\":\"model\",\"tensors\":[{\"name\":\"w\",\"shape\":[65536,32767],\"offset\":0}],"
                + "\"payload_bytes\":8589672448}";
        Path f = dir.resolve("liar.tolk");
        Files.write(f, rawContainer(header, new byte[8]));
        assertTrue(fails(f, Problem.TRUNCATED).getMessage().contains("announces"));
        String overlap =
                "{\"kind\":\"model\",\"tensors\":[{\"name\":\"w\",\"shape\":[2],\"offset\":4}],\"payload_bytes\":8}";
        Files.write(f, rawContainer(overlap, new byte[8]));
        assertTrue(
                fails(f, Problem.CORRUPT).getMessage().contains("corrupt header (tensor 'w' at offset 4, expected 0)"));
    }

    /** Issue 15: every checkpoint is a usable model; its average of the weights when it holds one. */
    @Test
    void aCheckpointReadsAsItsModel() throws IOException {
        Path f = dir.resolve("c.tolk");
        Checkpoint c = CheckpointTest.sample(10);
        c.write(f);
        ModelFile m = ModelFile.read(f);
        assertEquals(c.config(), m.config());
        assertEquals(sample().vocabularies(), m.vocabularies());
        assertEquals(sample().tokenizer(), m.tokenizer());
        assertEquals(sample().provenance(), m.provenance());
        assertEquals(c.emaWeights(), m.weights(), "the moving average, not the trained weights");
        assertEquals(List.of(), ModelFile.readWithoutWeights(f).weights());
        assertEquals(c.config(), ModelFile.readWithoutWeights(f).config());
        Checkpoint plain = new Checkpoint(
                c.config(),
                10,
                2,
                c.weights(),
                c.optimizerState(),
                11,
                c.schedule(),
                c.dataPosition(),
                c.rng(),
                c.trainerState(),
                c.metadata(),
                List.of());
        plain.write(f);
        assertEquals(c.weights(), ModelFile.read(f).weights());
    }

    @Test
    void aCheckpointWithoutItsEncodingAndOtherContainersAreRefusedInOneLine() throws IOException {
        Path f = dir.resolve("c.tolk");
        Checkpoint c = CheckpointTest.sample(10);
        new Checkpoint(
                        c.config(),
                        10,
                        2,
                        c.weights(),
                        c.optimizerState(),
                        11,
                        c.schedule(),
                        c.dataPosition(),
                        c.rng(),
                        c.trainerState(),
                        null,
                        List.of())
                .write(f);
        assertEquals(
                "is a checkpoint written before checkpoints carried their vocabularies and tokenizer, so it is not a "
                        + "usable model; resume its run (tolk train --resume) or use the run's model.tolk",
                fails(f, Problem.WRONG_KIND).getMessage().substring(f.toString().length() + 2));
        TensorContainer.write(f, "tolk-lm", JSON.createObjectNode(), List.of());
        assertEquals(
                "is a Tolk 'tolk-lm' file (a character language model, read by 'tolk lm'), expected a 'checkpoint' or"
                        + " 'model' file",
                fails(f, Problem.WRONG_KIND).getMessage().substring(f.toString().length() + 2));
    }

    static byte[] rawContainer(String header, byte[] payload) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(16 + h.length + payload.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x89, 'T', 'O', 'L', 'K', '\r', '\n', 0x1A})
                .putInt(1)
                .putInt(h.length)
                .put(h)
                .put(payload);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }
}
