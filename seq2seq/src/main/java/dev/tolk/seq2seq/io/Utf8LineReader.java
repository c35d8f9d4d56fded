package dev.tolk.seq2seq.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads lines of strict UTF-8: invalid bytes are reported with the line and byte offset instead of being replaced.
 * Lines end at LF; a CR before the LF is dropped (CRLF files); a leading byte-order mark is skipped; a final line
 * without LF counts, an LF at the very end does not start another line.
 */
final class Utf8LineReader implements Closeable {
    private final InputStream in;
    private final String source;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private long lineNumber;

    Utf8LineReader(InputStream in, String source) {
        this.in = new BufferedInputStream(in, 1 << 16);
        this.source = source;
    }

    /** @return the line number of the last line returned (1-based) */
    long lineNumber() {
        return lineNumber;
    }

    /** @return the next line without its terminator, or null at the end */
    String readLine() throws IOException {
        line.reset();
        int b;
        boolean any = false;
        while ((b = in.read()) >= 0) {
            any = true;
            if (b == '\n') {
                break;
            }
            line.write(b);
        }
        if (!any) {
            return null;
        }
        lineNumber++;
        byte[] bytes = line.toByteArray();
        int len = bytes.length;
        if (len > 0 && bytes[len - 1] == '\r') {
            len--;
        }
        int start = 0;
        if (lineNumber == 1
                && len >= 3
                && (bytes[0] & 0xFF) == 0xEF
                && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF) {
            start = 3;
        }
        ByteBuffer bb = ByteBuffer.wrap(bytes, start, len - start);
        CharBuffer cb = CharBuffer.allocate(len - start);
        decoder.reset();
        CoderResult r = decoder.decode(bb, cb, true);
        if (r.isError()) {
            int at = bb.position();
            throw new TranslationInputException(
                    source,
                    lineNumber,
                    String.format(
                            "invalid UTF-8 (byte 0x%02x at byte %d of the line); convert the input to UTF-8, e.g. iconv -f latin1 -t utf-8",
                            bytes[at] & 0xFF, at - start + 1));
        }
        decoder.flush(cb);
        cb.flip();
        return cb.toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
