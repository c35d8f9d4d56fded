package dev.tolk.seq2seq.store;

import static dev.tolk.seq2seq.store.TensorContainer.CHUNK;
import static dev.tolk.seq2seq.store.TensorContainer.FORMAT_VERSION;
import static dev.tolk.seq2seq.store.TensorContainer.MAGIC;
import static dev.tolk.seq2seq.store.TensorContainer.MAX_HEADER_BYTES;
import static dev.tolk.seq2seq.store.TensorContainer.OLDEST_READABLE_VERSION;
import static dev.tolk.seq2seq.store.TensorContainer.PREAMBLE;
import static dev.tolk.seq2seq.store.TensorContainer.TRAILER;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.seq2seq.store.ModelFormatException.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Reads and verifies a {@link TensorContainer}, in the order of its layout and before allocating any payload-sized
 * memory: the file is a regular file; the magic; the format version; the header length against the cap and the file
 * size; the header is a JSON object whose tensor table fits its {@code payload_bytes} ({@link TensorTable}); the file
 * is exactly as long as the header announces; the CRC32C trailer; the kind. Only then are the tensors read, in
 * chunks. Every problem is one {@link ModelFormatException} naming the file, what is wrong and what to do; a
 * corrupt header whose checksum fails is reported as a checksum mismatch (damage after writing), one whose checksum
 * holds as a faulty writer.
 */
final class ContainerReader {
    /** What each container kind written by Tolk holds, for error messages. */
    private static final Map<String, String> KIND_NAMES = Map.of(
            "model", "a translation model",
            "checkpoint", "a translation training checkpoint",
            "tolk-lm", "a character language model, read by 'tolk lm'",
            "tolk-lm-checkpoint", "a character language model's checkpoint, read by 'tolk lm train --resume'");

    private ContainerReader() {}

    /**
     * @param file the file
     * @param kinds the kinds the caller accepts (not empty)
     * @param loadTensors whether to load the tensors, or only verify the whole file and return its header
     * @throws ModelFormatException when the file is not a valid container of one of {@code kinds}
     * @throws IOException when the file cannot be read
     */
    static TensorContainer.Contents read(Path file, Set<String> kinds, boolean loadTensors) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // a named pipe would block the read forever, a device never end
            throw new ModelFormatException(
                    file,
                    Problem.NOT_A_MODEL,
                    "not a regular file (a pipe, a device or a directory); pass a model file written by 'tolk train'");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long headerLength = readPreamble(file, ch, size);
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLength);
            readFully(ch, headerBuf, PREAMBLE);
            ObjectNode header;
            List<TensorTable.Entry> table;
            long payloadBytes;
            try {
                JsonNode parsed = TensorContainer.JSON.readTree(headerBuf.array());
                if (!(parsed instanceof ObjectNode o)) {
                    throw new IllegalArgumentException("the header is not a JSON object");
                }
                header = o;
                payloadBytes = TensorTable.requireLong(header, "payload_bytes");
                table = TensorTable.parse(header, payloadBytes);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                long stored = storedCrc(ch, size);
                long actual = crc(ch, size - TRAILER);
                if (stored != actual) {
                    throw checksumMismatch(file, stored, actual);
                }
                String why =
                        e instanceof JsonProcessingException j ? "not JSON: " + j.getOriginalMessage() : e.getMessage();
                throw new ModelFormatException(
                        file,
                        Problem.CORRUPT,
                        "corrupt header (" + why.replace('\n', ' ')
                                + "); the writer was faulty, retrain or re-export the model");
            }
            long expected = PREAMBLE + headerLength + payloadBytes + TRAILER;
            if (size < expected) {
                throw new ModelFormatException(
                        file,
                        Problem.TRUNCATED,
                        "truncated: the header announces " + expected + " bytes but the file has " + size
                                + "; the copy is incomplete, copy or download it again");
            }
            if (size > expected) {
                throw new ModelFormatException(
                        file,
                        Problem.CORRUPT,
                        "corrupt: " + (size - expected) + " unexpected bytes after the payload (expected " + expected
                                + " bytes); copy or retrain it");
            }
            long stored = storedCrc(ch, size);
            long actual = crc(ch, size - TRAILER);
            if (stored != actual) {
                throw checksumMismatch(file, stored, actual);
            }
            String kind = header.path("kind").asText("");
            if (!kinds.contains(kind)) {
                throw new ModelFormatException(file, Problem.WRONG_KIND, wrongKind(kind, kinds));
            }
            if (!loadTensors) {
                return new TensorContainer.Contents(header, List.of(), size, stored);
            }
            List<NamedTensor> tensors = readTensors(file, ch, table, PREAMBLE + headerLength);
            return new TensorContainer.Contents(header, tensors, size, stored);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file; check the path");
        }
    }

    /**
     * Checks magic, version and header length against the cap and the file's {@code size}.
     *
     * @return the header length
     */
    private static long readPreamble(Path file, FileChannel ch, long size) throws IOException {
        ByteBuffer pre = ByteBuffer.allocate(PREAMBLE).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, pre, 0);
        int got = pre.position();
        for (int i = 0; i < Math.min(got, MAGIC.length); i++) {
            if (pre.get(i) != MAGIC[i]) {
                throw notAModel(file, pre, got);
            }
        }
        if (got < PREAMBLE) {
            throw new ModelFormatException(
                    file,
                    got == 0 ? Problem.NOT_A_MODEL : Problem.TRUNCATED,
                    got == 0
                            ? "not a Tolk model file (the file is empty); pass a file written by 'tolk train'"
                            : "truncated: " + size + " bytes, shorter than the " + PREAMBLE
                                    + "-byte preamble; the copy is incomplete, copy or download it again");
        }
        int version = pre.getInt(8);
        if (version != FORMAT_VERSION) {
            throw new ModelFormatException(
                    file,
                    Problem.WRONG_VERSION,
                    "unknown format version " + Integer.toUnsignedString(version) + " (this Tolk reads "
                            + OLDEST_READABLE_VERSION + "–" + FORMAT_VERSION
                            + "); the file is damaged or was written by another program or Tolk version");
        }
        long headerLength = Integer.toUnsignedLong(pre.getInt(12));
        if (headerLength > MAX_HEADER_BYTES) {
            throw new ModelFormatException(
                    file,
                    Problem.CORRUPT,
                    "corrupt: header length " + headerLength + " exceeds the maximum of " + MAX_HEADER_BYTES
                            + " bytes; the file is damaged, copy or retrain it");
        }
        if (PREAMBLE + headerLength + TRAILER > size) {
            throw new ModelFormatException(
                    file,
                    Problem.TRUNCATED,
                    "truncated: the header alone needs "
                            + (PREAMBLE + headerLength + TRAILER) + " bytes but the file has " + size
                            + "; the copy is incomplete, copy or download it again");
        }
        return headerLength;
    }

    /** The tensors of a verified {@code table}, whose payload starts at byte {@code base}, read in chunks. */
    private static List<NamedTensor> readTensors(Path file, FileChannel ch, List<TensorTable.Entry> table, long base)
            throws IOException {
        List<NamedTensor> tensors = new ArrayList<>(table.size());
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (TensorTable.Entry e : table) {
            float[] values = new float[(int) e.count()];
            long pos = base + e.offset();
            for (int i = 0; i < values.length; ) {
                int n = Math.min(values.length - i, CHUNK / 4);
                buf.clear().limit(n * 4);
                readFully(ch, buf, pos);
                if (buf.hasRemaining()) {
                    throw new ModelFormatException(
                            file,
                            Problem.TRUNCATED,
                            "truncated while reading tensor '" + e.name() + "'; was the file modified during loading?");
                }
                buf.flip();
                buf.asFloatBuffer().get(values, i, n);
                i += n;
                pos += 4L * n;
            }
            tensors.add(new NamedTensor(e.name(), e.shape(), values));
        }
        return tensors;
    }

    /** "is a Tolk 'X' file (what it is), expected a 'Y' or 'Z' file". */
    private static String wrongKind(String kind, Set<String> kinds) {
        List<String> sorted = kinds.stream().sorted().map(k -> "'" + k + "'").toList();
        String expected = sorted.size() == 1
                ? sorted.get(0)
                : String.join(", ", sorted.subList(0, sorted.size() - 1)) + " or " + sorted.get(sorted.size() - 1);
        String what = KIND_NAMES.get(kind);
        return "is a Tolk '" + kind + "' file" + (what == null ? "" : " (" + what + ")") + ", expected a " + expected
                + " file";
    }

    private static ModelFormatException notAModel(Path file, ByteBuffer pre, int got) {
        byte[] head = new byte[Math.min(got, MAGIC.length)];
        pre.get(0, head);
        return new ModelFormatException(
                file,
                Problem.NOT_A_MODEL,
                "not a Tolk model file (starts with 0x"
                        + HexFormat.of().formatHex(head) + ", expected 0x"
                        + HexFormat.of().formatHex(MAGIC)
                        + "); pass a file written by 'tolk train'");
    }

    private static ModelFormatException checksumMismatch(Path file, long stored, long actual) {
        return new ModelFormatException(
                file,
                Problem.CORRUPT,
                String.format(
                        "corrupt: checksum mismatch (stored CRC32C %08x, computed %08x); the file was damaged after writing,"
                                + " copy or retrain it",
                        stored, actual));
    }

    private static long storedCrc(FileChannel ch, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(TRAILER).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, b, size - TRAILER);
        return Integer.toUnsignedLong(b.getInt(0));
    }

    private static long crc(FileChannel ch, long length) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long pos = 0;
        while (pos < length) {
            buf.clear().limit((int) Math.min(CHUNK, length - pos));
            readFully(ch, buf, pos);
            buf.flip();
            pos += buf.remaining();
            crc.update(buf);
        }
        return crc.getValue();
    }

    /** Reads until {@code buf} is full or the file ends; {@code buf.position()} tells how much was read. */
    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                return;
            }
            pos += n;
        }
    }
}
