package dev.tolk.seq2seq.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorTableTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode header(String tensorsJson) throws Exception {
        return (ObjectNode) JSON.readTree("{\"tensors\":" + tensorsJson + "}");
    }

    private static String parseFails(String tensorsJson, long payloadBytes) throws Exception {
        ObjectNode h = header(tensorsJson);
        return assertThrows(IllegalArgumentException.class, () -> TensorTable.parse(h, payloadBytes))
                .getMessage();
    }

    @Test
    void writtenTableIsContiguousInOrderAndParsesBack() {
        ObjectNode h = JSON.createObjectNode();
        long payload = TensorTable.write(
                h.putArray("tensors"),
                List.of(
                        new NamedTensor("a", new int[] {2, 3}, new float[6]),
                        new NamedTensor("scalar", new int[] {}, new float[1]),
                        new NamedTensor("empty", new int[] {0, 4}, new float[0]),
                        new NamedTensor("b", new int[] {5}, new float[5])));
        assertEquals(4 * (6 + 1 + 0 + 5), payload);
        assertEquals(
                "[{\"name\":\"a\",\"shape\":[2,3],\"offset\":0},"
                        + "{\"name\":\"scalar\",\"shape\":[],\"offset\":24},"
                        + "{\"name\":\"empty\",\"shape\":[0,4],\"offset\":28},"
                        + "{\"name\":\"b\",\"shape\":[5],\"offset\":28}]",
                h.get("tensors").toString());
        List<TensorTable.Entry> entries = TensorTable.parse(h, payload);
        assertEquals(
                List.of("a", "scalar", "empty", "b"),
                entries.stream().map(TensorTable.Entry::name).toList());
        assertEquals(
                List.of(0L, 24L, 28L, 28L),
                entries.stream().map(TensorTable.Entry::offset).toList());
        assertEquals(
                List.of(6L, 1L, 0L, 5L),
                entries.stream().map(TensorTable.Entry::count).toList());
        assertArrayEquals(new int[] {2, 3}, entries.get(0).shape());
        assertArrayEquals(new int[] {}, entries.get(1).shape());
    }

    @Test
    void writeRefusesADuplicateName() {
        List<NamedTensor> tensors = List.of(
                new NamedTensor("w", new int[] {1}, new float[1]), new NamedTensor("w", new int[] {}, new float[1]));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TensorTable.write(JSON.createArrayNode(), tensors));
        assertEquals("duplicate tensor name 'w'", e.getMessage());
    }

    @Test
    void parseNamesEveryInconsistency() throws Exception {
        ObjectNode noTable = JSON.createObjectNode();
        assertEquals(
                "no tensor table",
                assertThrows(IllegalArgumentException.class, () -> TensorTable.parse(noTable, 0))
                        .getMessage());
        assertEquals("no tensor table", parseFails("{}", 0));
        assertEquals(
                "missing or duplicate tensor name 'w'",
                parseFails(
                        "[{\"name\":\"w\",\"shape\":[1],\"offset\":0},{\"name\":\"w\",\"shape\":[1],\"offset\":4}]",
                        8));
        assertEquals("missing or duplicate tensor name ''", parseFails("[{\"shape\":[1],\"offset\":0}]", 4));
        assertEquals("missing or duplicate tensor name ''", parseFails("[7]", 4));
        assertEquals("tensor 'w' has no shape", parseFails("[{\"name\":\"w\",\"offset\":0}]", 4));
        assertEquals(
                "tensor 'w' has a non-integer dimension 1.5",
                parseFails("[{\"name\":\"w\",\"shape\":[1.5],\"offset\":0}]", 4));
        assertEquals(
                "tensor 'w': negative dimension in [-1]",
                parseFails("[{\"name\":\"w\",\"shape\":[-1],\"offset\":0}]", 4));
        assertEquals(
                "'offset' is missing or not a non-negative integer",
                parseFails("[{\"name\":\"w\",\"shape\":[1],\"offset\":-4}]", 4));
        assertEquals(
                "tensor 'v' at offset 8, expected 4",
                parseFails(
                        "[{\"name\":\"w\",\"shape\":[1],\"offset\":0},{\"name\":\"v\",\"shape\":[1],\"offset\":8}]",
                        12));
        assertEquals(
                "tensor 'w' ends at byte 4000000, beyond the payload of 4 bytes",
                parseFails("[{\"name\":\"w\",\"shape\":[1000,1000],\"offset\":0}]", 4));
        assertEquals(
                "tensors cover 4 bytes but the payload has 8",
                parseFails("[{\"name\":\"w\",\"shape\":[1],\"offset\":0}]", 8));
    }

    @Test
    void requireLongAcceptsOnlyNonNegativeIntegers() throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree("{\"a\":0,\"b\":9007199254740993,\"c\":-1,\"d\":1.0,\"e\":\"1\"}");
        assertEquals(0, TensorTable.requireLong(n, "a"));
        assertEquals(9007199254740993L, TensorTable.requireLong(n, "b"));
        for (String bad : List.of("c", "d", "e", "missing")) {
            assertEquals(
                    "'" + bad + "' is missing or not a non-negative integer",
                    assertThrows(IllegalArgumentException.class, () -> TensorTable.requireLong(n, bad))
                            .getMessage());
        }
    }
}
