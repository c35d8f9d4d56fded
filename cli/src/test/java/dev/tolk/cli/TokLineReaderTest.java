package dev.tolk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokLineReaderTest {
    private static List<String> read(byte[] data) throws Exception {
        TokLineReader r = new TokLineReader(new ByteArrayInputStream(data), "in");
        List<String> out = new ArrayList<>();
        String line;
        while ((line = r.readLine()) != null) {
            out.add(line);
        }
        assertNull(r.readLine());
        return out;
    }

    @Test
    void linesCrLfBomAndLastLineWithoutNewline() throws Exception {
        assertEquals(
                List.of("a", "", "b\u00E9", "c"), read("\uFEFFa\r\n\nb\u00E9\r\nc".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), read(new byte[0]));
        assertEquals(List.of(""), read("\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("x\r"), read("x\r\r\n".getBytes(StandardCharsets.UTF_8)), "only one CR is a terminator");
    }

    @Test
    void longLinesAndMultiByteCharactersAcrossBlockBoundaries() throws Exception {
        StringBuilder sb = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            String line = "ligne " + i + " \u00E9t\u00E9\u202F! \uD83D\uDE00" + "x".repeat(i % 97);
            expected.add(line);
            sb.append(line).append('\n');
        }
        String big = "\u00E9".repeat(200_000);
        expected.add(big);
        sb.append(big);
        assertEquals(expected, read(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void invalidUtf8FarIntoTheInputNamesLineAndColumn() throws Exception {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int i = 0; i < 50_000; i++) {
            data.writeBytes("caf\u00E9 ok\n".getBytes(StandardCharsets.UTF_8));
        }
        data.writeBytes("\u00E9\u00E9".getBytes(StandardCharsets.UTF_8));
        data.write(0xC3); // lead byte followed by a non-continuation byte
        data.write('(');
        data.writeBytes("\nafter\n".getBytes(StandardCharsets.UTF_8));
        TokLineReader r = new TokLineReader(new ByteArrayInputStream(data.toByteArray()), "f.txt");
        for (int i = 0; i < 50_000; i++) {
            assertEquals("caf\u00E9 ok", r.readLine());
        }
        TokInputException e = assertThrows(TokInputException.class, r::readLine);
        assertEquals(
                "f.txt:50001:3: invalid UTF-8 (byte 0xC3); the input must be UTF-8: convert it, e.g. with"
                        + " 'iconv -f latin1 -t utf-8'",
                e.getMessage());
    }

    @Test
    void truncatedSequenceAtTheEndIsAnError() {
        byte[] data = {'a', '\n', 'b', (byte) 0xE2, (byte) 0x82};
        TokInputException e = assertThrows(TokInputException.class, () -> read(data));
        assertEquals(true, e.getMessage().startsWith("in:2:2: invalid UTF-8 (byte 0xE2 0x82)"), e.getMessage());
    }
}
