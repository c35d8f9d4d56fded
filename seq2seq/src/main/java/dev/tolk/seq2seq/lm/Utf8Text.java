package dev.tolk.seq2seq.lm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a whole text file as strict UTF-8 into Unicode code points. Invalid bytes are reported with the file, the
 * 1-based line and the byte column instead of being replaced by U+FFFD (as {@code InputStreamReader} would do).
 * A leading byte-order mark is skipped; every other character, line breaks included, is kept as it is.
 */
public final class Utf8Text {
    private Utf8Text() {}

    /**
     * @param file the text file
     * @return its code points, in order
     * @throws NoSuchFileException when the file does not exist
     * @throws IOException when it cannot be read, or with {@code file:line:column: invalid UTF-8 ...} when it is not
     *     UTF-8
     */
    public static int[] readCodePoints(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory; give a text file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file; check the path");
        }
        return decode(bytes, file.toString());
    }

    /**
     * @param bytes UTF-8 bytes
     * @param source the name used in error messages
     * @return the code points
     * @throws IOException naming {@code source}, line and column when the bytes are not valid UTF-8
     */
    public static int[] decode(byte[] bytes, String source) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isUnderflow()) {
            throw invalid(bytes, in.position(), r.length(), source);
        }
        r = decoder.flush(out);
        if (!r.isUnderflow()) {
            throw invalid(bytes, in.position(), 1, source);
        }
        out.flip();
        int start = out.length() > 0 && out.charAt(0) == '\uFEFF' ? 1 : 0;
        return out.subSequence(start, out.length()).codePoints().toArray();
    }

    private static IOException invalid(byte[] bytes, int offset, int length, String source) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        StringBuilder hex = new StringBuilder();
        for (int i = offset; i < Math.min(bytes.length, offset + Math.max(1, length)); i++) {
            hex.append(hex.length() == 0 ? "" : " ").append(String.format("0x%02X", bytes[i] & 0xFF));
        }
        return new IOException(source + ":" + line + ":" + (offset - lineStart + 1) + ": invalid UTF-8 (bytes " + hex
                + " at byte offset " + offset + "); convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8");
    }
}
