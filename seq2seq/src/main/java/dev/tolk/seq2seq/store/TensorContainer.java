package dev.tolk.seq2seq.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.data.AtomicFile;
import dev.tolk.seq2seq.store.ModelFormatException.Problem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The binary container of models and checkpoints. Layout, all integers little-endian:
 *
 * <pre>
 * offset 0        8 bytes   magic 0x89 'T' 'O' 'L' 'K' '\r' '\n' 0x1A
 * offset 8        uint32    format version ({@value #FORMAT_VERSION})
 * offset 12       uint32    header length H
 * offset 16       H bytes   header: UTF-8 JSON object with "kind", "payload_bytes", "tensors" (a list of
 *                           {"name", "shape", "offset"}; offsets in bytes from the payload start, contiguous, in
 *                           order) and the caller's metadata
 * offset 16+H     P bytes   payload: the tensors' float32 values, little-endian, row-major
 * offset 16+H+P   uint32    CRC32C of every preceding byte
 * </pre>
 *
 * <p>Reading verifies magic, version, header bounds, the tensor table against the real file size and the
 * checksum before allocating any payload-sized memory; the header itself is capped at {@value #MAX_HEADER_BYTES}
 * bytes.
 */
public final class TensorContainer {
    /** The format version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** The oldest format version this code reads. */
    public static final int OLDEST_READABLE_VERSION = 1;
    /** Upper bound of the JSON header size. */
    public static final int MAX_HEADER_BYTES = 256 << 20;

    private static final byte[] MAGIC = {(byte) 0x89, 'T', 'O', 'L', 'K', '\r', '\n', 0x1A};
    private static final int PREAMBLE = 16;
    private static final int TRAILER = 4;
    private static final int CHUNK = 1 << 20;
    private static final Set<String> RESERVED = Set.of("kind", "payload_bytes", "tensors");
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** What each container kind written by Tolk holds, for error messages. */
    private static final java.util.Map<String, String> KIND_NAMES = java.util.Map.of(
            "model", "a translation model",
            "checkpoint", "a translation training checkpoint",
            "tolk-lm", "a character language model, read by 'tolk lm'",
            "tolk-lm-checkpoint", "a character language model's checkpoint, read by 'tolk lm train --resume'");

    static {
        JSON.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(MAX_HEADER_BYTES)
                        .build());
    }

    /**
     * What a container holds.
     *
     * @param header the whole JSON header, including {@code kind}, {@code payload_bytes} and {@code tensors}
     * @param tensors the tensors in file order; empty when only the header was read
     * @param fileBytes the file's size in bytes
     * @param crc32c the file's verified CRC32C checksum (its trailer)
     */
    public record Contents(ObjectNode header, List<NamedTensor> tensors, long fileBytes, long crc32c) {
        /** Copies the tensor list. */
        public Contents {
            tensors = List.copyOf(tensors);
        }

        /** @return the container kind, e.g. {@code model} or {@code checkpoint} */
        public String kind() {
            return header.path("kind").asText("");
        }
    }

    private TensorContainer() {}

    /**
     * Writes a container atomically ({@link AtomicFile}).
     *
     * @param file the target
     * @param kind the container kind, e.g. {@code model} or {@code checkpoint}
     * @param metadata header fields; must not use the reserved names kind, payload_bytes, tensors
     * @param tensors uniquely named tensors
     * @throws IOException when writing fails; the target is then unchanged
     */
    public static void write(Path file, String kind, ObjectNode metadata, List<NamedTensor> tensors)
            throws IOException {
        ObjectNode header = JSON.createObjectNode();
        header.put("kind", kind);
        metadata.fieldNames().forEachRemaining(n -> {
            if (RESERVED.contains(n)) {
                throw new IllegalArgumentException("metadata field '" + n + "' is reserved by the container format");
            }
        });
        header.setAll(metadata);
        ArrayNode table = header.putArray("tensors");
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (NamedTensor t : tensors) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("duplicate tensor name '" + t.name() + "'");
            }
            ObjectNode e = table.addObject();
            e.put("name", t.name());
            ArrayNode shape = e.putArray("shape");
            for (int d : t.shape()) {
                shape.add(d);
            }
            e.put("offset", offset);
            offset += 4L * t.values().length;
        }
        header.put("payload_bytes", offset);
        byte[] headerBytes = JSON.writeValueAsBytes(header);
        if (headerBytes.length > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException(
                    "header of " + headerBytes.length + " bytes exceeds " + MAX_HEADER_BYTES);
        }
        AtomicFile.write(file, raw -> {
            CRC32C crc = new CRC32C();
            OutputStream out = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    crc.update(b);
                    raw.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    crc.update(b, off, len);
                    raw.write(b, off, len);
                }
            };
            ByteBuffer pre = ByteBuffer.allocate(PREAMBLE).order(ByteOrder.LITTLE_ENDIAN);
            pre.put(MAGIC).putInt(FORMAT_VERSION).putInt(headerBytes.length);
            out.write(pre.array());
            out.write(headerBytes);
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (NamedTensor t : tensors) {
                float[] v = t.values();
                for (int i = 0; i < v.length; ) {
                    int n = Math.min(v.length - i, CHUNK / 4);
                    buf.clear();
                    buf.asFloatBuffer().put(v, i, n);
                    out.write(buf.array(), 0, n * 4);
                    i += n;
                }
            }
            ByteBuffer trailer = ByteBuffer.allocate(TRAILER).order(ByteOrder.LITTLE_ENDIAN);
            trailer.putInt((int) crc.getValue());
            raw.write(trailer.array());
        });
    }

    /**
     * Reads and verifies a whole container.
     *
     * @param file the file
     * @param expectedKind the kind the caller needs
     * @return header and tensors
     * @throws ModelFormatException when the file is not a valid container of {@code expectedKind}
     * @throws IOException when the file cannot be read
     */
    public static Contents read(Path file, String expectedKind) throws IOException {
        return read(file, Set.of(expectedKind), true);
    }

    /**
     * Reads and verifies a container of one of several kinds.
     *
     * @param file the file
     * @param kinds the kinds the caller accepts; a file of another kind is refused, naming these
     * @param loadTensors whether to load the tensors (otherwise only the header; the checksum is verified either
     *     way)
     * @return header and tensors ({@link Contents#kind()} tells which kind it is)
     * @throws ModelFormatException when the file is not a valid container of one of {@code kinds}
     * @throws IOException when the file cannot be read
     */
    public static Contents read(Path file, Set<String> kinds, boolean loadTensors) throws IOException {
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("no container kind accepted");
        }
        return readContainer(file, kinds, loadTensors);
    }

    /**
     * Verifies a whole container (checksum included) but returns only its header, without loading tensors.
     *
     * @param file the file
     * @param expectedKind the kind the caller needs
     * @return the header
     * @throws ModelFormatException when the file is not a valid container of {@code expectedKind}
     * @throws IOException when the file cannot be read
     */
    public static ObjectNode readHeader(Path file, String expectedKind) throws IOException {
        return read(file, Set.of(expectedKind), false).header();
    }

    private static Contents readContainer(Path file, Set<String> kinds, boolean loadTensors) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // a named pipe would block the read forever, a device never end
            throw new ModelFormatException(
                    file,
                    Problem.NOT_A_MODEL,
                    "not a regular file (a pipe, a device or a directory); pass a model file written by 'tolk train'");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
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
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLength);
            readFully(ch, headerBuf, PREAMBLE);
            ObjectNode header;
            List<TableEntry> table;
            long payloadBytes;
            try {
                JsonNode parsed = JSON.readTree(headerBuf.array());
                if (!(parsed instanceof ObjectNode o)) {
                    throw new IllegalArgumentException("the header is not a JSON object");
                }
                header = o;
                payloadBytes = requireLong(header, "payload_bytes");
                table = parseTable(header, payloadBytes);
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
                return new Contents(header, List.of(), size, stored);
            }
            List<NamedTensor> tensors = new ArrayList<>(table.size());
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            long base = PREAMBLE + headerLength;
            for (TableEntry e : table) {
                float[] values = new float[(int) e.count];
                long pos = base + e.offset;
                for (int i = 0; i < values.length; ) {
                    int n = Math.min(values.length - i, CHUNK / 4);
                    buf.clear().limit(n * 4);
                    readFully(ch, buf, pos);
                    if (buf.hasRemaining()) {
                        throw new ModelFormatException(
                                file,
                                Problem.TRUNCATED,
                                "truncated while reading tensor '" + e.name
                                        + "'; was the file modified during loading?");
                    }
                    buf.flip();
                    buf.asFloatBuffer().get(values, i, n);
                    i += n;
                    pos += 4L * n;
                }
                tensors.add(new NamedTensor(e.name, e.shape, values));
            }
            return new Contents(header, tensors, size, stored);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file; check the path");
        }
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

    private record TableEntry(String name, int[] shape, long offset, long count) {}

    private static List<TableEntry> parseTable(ObjectNode header, long payloadBytes) {
        JsonNode tensors = header.get("tensors");
        if (tensors == null || !tensors.isArray()) {
            throw new IllegalArgumentException("no tensor table");
        }
        List<TableEntry> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        long next = 0;
        for (JsonNode e : tensors) {
            String name = e.path("name").asText("");
            if (name.isBlank() || !names.add(name)) {
                throw new IllegalArgumentException("missing or duplicate tensor name '" + name + "'");
            }
            JsonNode shapeNode = e.get("shape");
            if (shapeNode == null || !shapeNode.isArray()) {
                throw new IllegalArgumentException("tensor '" + name + "' has no shape");
            }
            int[] shape = new int[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                JsonNode d = shapeNode.get(i);
                if (!d.canConvertToInt() || !d.isIntegralNumber()) {
                    throw new IllegalArgumentException("tensor '" + name + "' has a non-integer dimension " + d);
                }
                shape[i] = d.intValue();
            }
            long count = NamedTensor.elementCount(name, shape);
            long offset = requireLong((ObjectNode) e, "offset");
            if (offset != next) {
                throw new IllegalArgumentException("tensor '" + name + "' at offset " + offset + ", expected " + next);
            }
            next = offset + 4 * count;
            if (next > payloadBytes) {
                throw new IllegalArgumentException("tensor '" + name + "' ends at byte " + next
                        + ", beyond the payload of " + payloadBytes + " bytes");
            }
            out.add(new TableEntry(name, shape, offset, count));
        }
        if (next != payloadBytes) {
            throw new IllegalArgumentException("tensors cover " + next + " bytes but the payload has " + payloadBytes);
        }
        return out;
    }

    private static long requireLong(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a non-negative integer");
        }
        return v.longValue();
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
