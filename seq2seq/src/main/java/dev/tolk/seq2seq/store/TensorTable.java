package dev.tolk.seq2seq.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tensor table of a {@link TensorContainer}'s header: one {@code {"name", "shape", "offset"}} entry per tensor,
 * in payload order, with offsets in bytes from the payload start; the tensors are contiguous and together fill the
 * header's {@code payload_bytes} exactly. {@link #write} builds it from the tensors; {@link #parse} checks a read
 * one against the announced payload before any payload-sized memory is allocated.
 */
final class TensorTable {

    /**
     * One tensor of the table.
     *
     * @param name unique, non-blank
     * @param shape row-major dimensions
     * @param offset the tensor's first byte, from the payload start
     * @param count the number of float32 values, {@code product(shape)}
     */
    record Entry(String name, int[] shape, long offset, long count) {}

    private TensorTable() {}

    /**
     * Appends one entry per tensor to {@code table}, offsets contiguous from 0.
     *
     * @return the payload size in bytes, {@code 4·Σ count}
     * @throws IllegalArgumentException on a duplicate tensor name
     */
    static long write(ArrayNode table, List<NamedTensor> tensors) {
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
        return offset;
    }

    /**
     * Reads and checks the table of a header.
     *
     * @param header the container header, holding {@code tensors}
     * @param payloadBytes the header's {@code payload_bytes}
     * @return the entries in payload order
     * @throws IllegalArgumentException naming the first problem: no table, a missing or duplicate name, a missing or
     *     non-integer dimension, a gap or overlap between tensors, a tensor beyond the payload, a payload the tensors
     *     do not fill
     */
    static List<Entry> parse(ObjectNode header, long payloadBytes) {
        JsonNode tensors = header.get("tensors");
        if (tensors == null || !tensors.isArray()) {
            throw new IllegalArgumentException("no tensor table");
        }
        List<Entry> out = new ArrayList<>();
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
            out.add(new Entry(name, shape, offset, count));
        }
        if (next != payloadBytes) {
            throw new IllegalArgumentException("tensors cover " + next + " bytes but the payload has " + payloadBytes);
        }
        return out;
    }

    /**
     * @return the non-negative integer {@code node.field}
     * @throws IllegalArgumentException when it is missing, not an integer or negative
     */
    static long requireLong(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a non-negative integer");
        }
        return v.longValue();
    }
}
