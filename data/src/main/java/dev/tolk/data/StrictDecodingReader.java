package dev.tolk.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Objects;

/**
 * A {@link Reader} that decodes bytes strictly ({@link CodingErrorAction#REPORT}) and, on malformed or
 * unmappable input, throws a {@link DecodingFailure} with the 1-based line and column where decoding failed.
 * Lines end at CR, LF or CRLF, as in the CSV parser. A leading byte order mark is skipped or rejected.
 * Not thread-safe.
 */
final class StrictDecodingReader extends Reader {
    private static final int BUFFER = 1 << 16;

    /** The input cannot be decoded; carries the position for {@link CorpusException}. */
    static final class DecodingFailure extends IOException {
        private static final long serialVersionUID = 1L;
        final long line;
        final int column;

        DecodingFailure(long line, int column, String message) {
            super(message);
            this.line = line;
            this.column = column;
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final boolean allowBom;
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER);
    private final CharBuffer chars = CharBuffer.allocate(BUFFER);
    private boolean eof;
    private boolean flushed;
    private boolean started;
    private long line = 1;
    private int column;
    private boolean afterCr;

    StrictDecodingReader(InputStream in, Charset charset, boolean allowBom) {
        this.in = Objects.requireNonNull(in, "in");
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.allowBom = allowBom;
        bytes.flip();
        chars.flip();
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, cbuf.length);
        if (len == 0) {
            return 0;
        }
        if (!chars.hasRemaining() && !fill()) {
            return -1;
        }
        int n = Math.min(len, chars.remaining());
        chars.get(cbuf, off, n);
        return n;
    }

    @Override
    public int read() throws IOException {
        if (!chars.hasRemaining() && !fill()) {
            return -1;
        }
        return chars.get();
    }

    /** Decodes more characters into the empty {@link #chars}; false at the end of input. */
    private boolean fill() throws IOException {
        if (flushed) {
            return false;
        }
        chars.clear();
        try {
            while (chars.position() == 0) {
                if (!eof) {
                    bytes.compact();
                    int n = in.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
                    if (n < 0) {
                        eof = true;
                    } else {
                        bytes.position(bytes.position() + n);
                    }
                    bytes.flip();
                }
                CoderResult r = decoder.decode(bytes, chars, eof);
                if (r.isError()) {
                    track(0, chars.position());
                    throw failure(r);
                }
                if (eof && !r.isOverflow()) {
                    if (!flushed) {
                        r = decoder.flush(chars);
                        if (r.isOverflow()) {
                            break;
                        }
                        flushed = true;
                    }
                    break;
                }
            }
        } finally {
            chars.flip();
        }
        if (!chars.hasRemaining()) {
            return false;
        }
        if (!started) {
            started = true;
            if (chars.get(0) == '\uFEFF') {
                if (!allowBom) {
                    throw new DecodingFailure(
                            1,
                            1,
                            "the file starts with a byte order mark, which this format does not"
                                    + " allow; remove it or allow it");
                }
                chars.get();
            }
        }
        track(chars.position(), chars.limit());
        return true;
    }

    /** Advances the line/column counters over {@code chars[from, to)}. */
    private void track(int from, int to) {
        for (int i = from; i < to; i++) {
            char c = chars.get(i);
            if (c == '\r') {
                line++;
                column = 0;
                afterCr = true;
            } else if (c == '\n') {
                if (!afterCr) {
                    line++;
                }
                column = 0;
                afterCr = false;
            } else {
                column++;
                afterCr = false;
            }
        }
    }

    private DecodingFailure failure(CoderResult r) {
        StringBuilder hex = new StringBuilder();
        int n = Math.min(r.length(), bytes.remaining());
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                hex.append(' ');
            }
            hex.append(String.format("0x%02X", bytes.get(bytes.position() + i) & 0xFF));
        }
        String what = r.isMalformed() ? "invalid " + decoder.charset().name() : "unmappable";
        String plural = n == 1 ? "byte " : "bytes ";
        return new DecodingFailure(
                line,
                column + 1,
                what + " (" + plural + hex + "); the file must be "
                        + decoder.charset().name() + ": convert it (e.g. with iconv) or declare its encoding");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
