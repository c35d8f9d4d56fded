package dev.tolk.cli;

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
 * Reads UTF-8 lines strictly: invalid UTF-8 is reported as {@code source:line:column} (never replaced by
 * U+FFFD, as {@code InputStreamReader} would, and with the line number {@code Files.newBufferedReader} lacks).
 * Lines end at {@code \n}; a preceding {@code \r} is removed. A byte-order mark (U+FEFF) at the very start of the
 * input is skipped. Decoding is done in blocks by the JDK's decoder ({@link CodingErrorAction#REPORT}); the lines
 * before a bad byte are returned normally and the error is thrown when the line containing it is read.
 * Not thread-safe.
 */
final class TokLineReader implements Closeable {
    private static final int BLOCK = 1 << 16;

    private final InputStream in;
    private final String source;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(BLOCK);
    private final CharBuffer chars = CharBuffer.allocate(BLOCK);
    private final StringBuilder partial = new StringBuilder();
    private boolean inputEnded;
    private boolean decodedAll;
    private String badBytes;
    private long lineNumber;

    TokLineReader(InputStream in, String source) {
        this.in = in;
        this.source = source;
        bytes.flip(); // empty, in read mode
        chars.flip();
    }

    /** The number of the line last returned (1-based). */
    long lineNumber() {
        return lineNumber;
    }

    /** Name of the input, for messages. */
    String source() {
        return source;
    }

    /** The next line without its terminator, or {@code null} at the end of the input. */
    String readLine() throws IOException {
        while (true) {
            char[] a = chars.array();
            int p = chars.position();
            int lim = chars.limit();
            for (int i = p; i < lim; i++) {
                if (a[i] == '\n') {
                    chars.position(i + 1);
                    int end = i > p && a[i - 1] == '\r' ? i - 1 : i;
                    String line;
                    if (partial.length() == 0) {
                        line = new String(a, p, end - p);
                    } else {
                        partial.append(a, p, i - p);
                        line = takePartial();
                    }
                    return startLine(line);
                }
            }
            partial.append(a, p, lim - p);
            chars.position(lim);
            if (badBytes != null) {
                throw new TokInputException(source + ":" + (lineNumber + 1) + ":" + (partial.length() + 1)
                        + ": invalid UTF-8 (byte " + badBytes + "); the input must be UTF-8: convert it, e.g. with"
                        + " 'iconv -f latin1 -t utf-8'");
            }
            if (decodedAll) {
                if (partial.length() == 0) {
                    return null;
                }
                return startLine(takePartial());
            }
            refill();
        }
    }

    private String takePartial() {
        int n = partial.length();
        if (n > 0 && partial.charAt(n - 1) == '\n') {
            n--;
        }
        if (n > 0 && partial.charAt(n - 1) == '\r') {
            n--;
        }
        String s = partial.substring(0, n);
        partial.setLength(0);
        return s;
    }

    private String startLine(String line) {
        lineNumber++;
        if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
            return line.substring(1);
        }
        return line;
    }

    /** Decodes more input into {@code chars} (read mode afterwards). */
    private void refill() throws IOException {
        chars.clear();
        while (true) {
            CoderResult r = decoder.decode(bytes, chars, inputEnded);
            if (r.isError()) {
                StringBuilder hex = new StringBuilder();
                for (int i = 0; i < r.length(); i++) {
                    hex.append(i == 0 ? "" : " ")
                            .append(String.format("0x%02X", bytes.get(bytes.position() + i) & 0xFF));
                }
                badBytes = hex.toString();
                break;
            }
            if (r.isOverflow()) {
                break;
            }
            // underflow: all complete sequences decoded
            if (inputEnded) {
                decoder.flush(chars);
                decodedAll = true;
                break;
            }
            bytes.compact();
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                inputEnded = true;
            } else {
                bytes.position(bytes.position() + n);
            }
            bytes.flip();
            if (chars.position() > 0 && !inputEnded) {
                break;
            }
        }
        chars.flip();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
