package dev.tolk.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentFileTest {
    private static List<String> parse(String s) throws Exception {
        return SegmentFile.parse(s.getBytes(StandardCharsets.UTF_8), "t.txt");
    }

    @Test
    void finalNewlineDoesNotChangeTheSegmentCountAndEmptyLinesAreSegments() throws Exception {
        assertEquals(List.of("a", "b"), parse("a\nb\n"));
        assertEquals(List.of("a", "b"), parse("a\nb"));
        assertEquals(List.of("a", "", "b", ""), parse("a\n\nb\n\n"));
        assertEquals(List.of(""), parse("\n"));
        assertEquals(List.of(), parse(""));
    }

    @Test
    void onlyLineFeedSplitsAndCarriageReturnAndBomAreKept() throws Exception {
        assertEquals(List.of("\ufeffa\r", "b\u2028c"), parse("\ufeffa\r\nb\u2028c\n"));
        assertEquals(List.of("zahăr „x“ \u00a0"), parse("zahăr „x“ \u00a0\n"));
    }

    @Test
    void invalidUtf8NamesFileLineAndByte() {
        byte[] bytes = {'o', 'k', '\n', 'a', 'b', (byte) 0xE9, 'c', '\n'};
        SegmentFile.MalformedSegmentFileException e = assertThrows(
                SegmentFile.MalformedSegmentFileException.class, () -> SegmentFile.parse(bytes, "hyp.txt"));
        assertEquals(2, e.line());
        assertEquals(
                "hyp.txt:2: invalid UTF-8 at byte 3 of the line (0xE9); the file must be UTF-8: re-encode it, "
                        + "e.g. with iconv -f LATIN1 -t UTF-8",
                e.getMessage());
        byte[] truncated = {'x', (byte) 0xC3};
        assertEquals(
                1,
                assertThrows(SegmentFile.MalformedSegmentFileException.class, () -> SegmentFile.parse(truncated, "t"))
                        .line());
    }

    @Test
    void readsFilesAndReportsMissingOnes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("h.txt");
        Files.writeString(f, "un\ndeux", StandardCharsets.UTF_8);
        assertEquals(List.of("un", "deux"), SegmentFile.read(f));
        assertThrows(NoSuchFileException.class, () -> SegmentFile.read(dir.resolve("missing.txt")));
    }
}
