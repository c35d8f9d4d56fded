package dev.tolk.eval;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a file of segments, one per line, as sacreBLEU does: UTF-8, lines split on {@code "\n"} only (a
 * {@code "\r"} stays in the segment, a byte-order mark stays as U+FEFF), a final {@code "\n"} or its absence does
 * not change the number of segments, and an empty line is an empty segment. An empty file has no segments.
 *
 * <p>Decoding is strict: malformed or truncated UTF-8 is an error naming the file, the line and the byte column
 * — never silently replaced by U+FFFD.
 */
public final class SegmentFile {
    private SegmentFile() {}

    /** Invalid content in a segment file; the message starts with {@code file:line:}. */
    public static final class MalformedSegmentFileException extends IOException {
        private static final long serialVersionUID = 1L;
        private final String source;
        private final int line;

        MalformedSegmentFileException(String source, int line, String reason) {
            super(source + ":" + line + ": " + reason);
            this.source = source;
            this.line = line;
        }

        /** The file (or stream name) that was read. */
        public String source() {
            return source;
        }

        /** The 1-based line of the problem. */
        public int line() {
            return line;
        }
    }

    /** The segments of {@code file}. */
    public static List<String> read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** The segments of {@code in} (read to the end, not closed); {@code name} is used in error messages. */
    public static List<String> read(InputStream in, String name) throws IOException {
        return parse(in.readAllBytes(), name);
    }

    /** The segments of {@code bytes}; {@code name} is used in error messages. */
    public static List<String> parse(byte[] bytes, String name) throws MalformedSegmentFileException {
        List<String> out = new ArrayList<>();
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int start = 0;
        int line = 1;
        int n = bytes.length;
        while (start < n) {
            int end = start;
            while (end < n && bytes[end] != '\n') {
                end++;
            }
            out.add(decodeLine(decoder, bytes, start, end, name, line));
            start = end + 1;
            line++;
        }
        return out;
    }

    private static String decodeLine(CharsetDecoder decoder, byte[] bytes, int start, int end, String name, int line)
            throws MalformedSegmentFileException {
        boolean ascii = true;
        for (int i = start; i < end && ascii; i++) {
            ascii = bytes[i] >= 0;
        }
        if (ascii) {
            return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
        }
        decoder.reset();
        ByteBuffer in = ByteBuffer.wrap(bytes, start, end - start);
        CharBuffer out = CharBuffer.allocate(end - start);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            int column = in.position() - start + 1;
            String hex = String.format("0x%02X", bytes[in.position()] & 0xFF);
            throw new MalformedSegmentFileException(
                    name,
                    line,
                    "invalid UTF-8 at byte " + column + " of the line (" + hex
                            + "); the file must be UTF-8: re-encode it, e.g. with iconv -f LATIN1 -t UTF-8");
        }
        out.flip();
        return out.toString();
    }
}
