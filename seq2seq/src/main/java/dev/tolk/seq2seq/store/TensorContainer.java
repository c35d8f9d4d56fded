package dev.tolk.seq2seq.store;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tolk.data.AtomicFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
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
 * <p>Writing is atomic ({@link AtomicFile}). Reading ({@link ContainerReader}) verifies magic, version, header
 * bounds, the tensor table ({@link TensorTable}) against the real file size and the checksum before allocating any
 * payload-sized memory; the header itself is capped at {@value #MAX_HEADER_BYTES} bytes.
 */
public final class TensorContainer {
    /** The format version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** The oldest format version this code reads. */
    public static final int OLDEST_READABLE_VERSION = 1;
    /** Upper bound of the JSON header size. */
    public static final int MAX_HEADER_BYTES = 256 << 20;

    /** The first 8 bytes of every container. */
    static final byte[] MAGIC = {(byte) 0x89, 'T', 'O', 'L', 'K', '\r', '\n', 0x1A};
    /** Magic, version and header length. */
    static final int PREAMBLE = 16;
    /** The CRC32C. */
    static final int TRAILER = 4;
    /** Payload bytes read or written at a time. */
    static final int CHUNK = 1 << 20;
    /** The header's JSON, with strings up to {@link #MAX_HEADER_BYTES}. */
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private static final Set<String> RESERVED = Set.of("kind", "payload_bytes", "tensors");

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
        long payloadBytes = TensorTable.write(header.putArray("tensors"), tensors);
        header.put("payload_bytes", payloadBytes);
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
        return ContainerReader.read(file, kinds, loadTensors);
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
}
