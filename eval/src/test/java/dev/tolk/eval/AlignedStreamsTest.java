package dev.tolk.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlignedStreamsTest {
    static AlignedStreams.Segments s(String name, String... lines) {
        return AlignedStreams.Segments.of(name, List.of(lines));
    }

    @Test
    void streamsAreReadAsSacrebleuAndTheirColumnsAlign() throws IOException {
        AlignedStreams.Segments hyp = AlignedStreams.Segments.read(
                new ByteArrayInputStream("a b  \n\nc\u00a0\n".getBytes(StandardCharsets.UTF_8)), "<stdin>");
        assertEquals(List.of("a b", "", "c"), hyp.segments());
        AlignedStreams a = new AlignedStreams(List.of(hyp), List.of(s("r1", "x", "", "z"), s("r2", "p", "q", "")));
        assertEquals(List.of("", "q"), a.referencesOf(1));
        assertEquals(List.of(List.of("x", "", "z"), List.of("p", "q", "")), a.referenceLists());
    }

    @Test
    void misalignedAndEmptyStreamsNameTheFileAndLine() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new AlignedStreams(List.of(s("h.txt", "a", "b")), List.of(s("r.txt", "a", "b", "c"))));
        assertEquals(
                "r.txt:3: reference file has 3 lines but h.txt has 2; files must be line-aligned, one segment per line",
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> new AlignedStreams(List.of(s("h.txt")), List.of(s("r.txt"))));
        assertEquals("h.txt: no segments (the file is empty); give one hypothesis per line", e.getMessage());
    }
}
