package dev.tolk.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TranslatorAdapterTest {
    @Test
    void warningsNameTheRecordsLineNotItsPlaceInTheBlock() {
        long[] lines = {7, 12, 4099};
        assertEquals(
                "in.txt:4099: 300 tokens, translated in 2 chunks",
                TranslatorAdapter.atLine("in.txt:3: 300 tokens, translated in 2 chunks", lines));
        assertEquals("hdfs://nn:8020/in.txt:12: x", TranslatorAdapter.atLine("hdfs://nn:8020/in.txt:2: x", lines));
        assertEquals("no position here", TranslatorAdapter.atLine("no position here", lines));
    }
}
