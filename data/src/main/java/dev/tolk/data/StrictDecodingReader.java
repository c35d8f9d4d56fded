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
 * The one strict decoder of Tolk's inputs: a {@link Reader} that decodes bytes with
 * {@link CodingErrorAction#REPORT} and knows where every character it delivered stands in the file.
 *
 * <p><b>Positions.</b> Characters are numbered from 0 in delivery order (a skipped byte order mark does not count,
 * as in the CSV parser's character positions). {@link #locate(long)} turns such an offset into a 1-based line
 * and column: lines end at LF only (a CRLF pair is one line end; a CR without LF is an ordinary character, as
 * {@code sed}, {@code grep -n} and editors count lines), columns count code points. To answer for any offset
 * since the {@link #mark(long) mark} the reader keeps the text delivered since then (in practice: the current
 * record plus the parser's read-ahead).
 *
 * <p><b>Errors.</b> Bytes invalid in the charset throw a {@link DecodingFailure} located at the first bad byte,
 * once the text before them has been read;
 * an I/O error of the stream throws one naming the position reached. A leading byte order mark is skipped or
 * rejected. Not thread-safe.
 */
final class StrictDecodingReader extends Reader {
    private static final int BUFFER = 1 << 16;

    /** The input cannot be decoded or read; carries the position for {@link CorpusException}. */
    static final class DecodingFailure extends IOException {
        private static final long serialVersionUID = 1L;
        final long line;
        final int column;

        DecodingFailure(long line, int column, String message, Throwable cause) {
            super(message, cause);
            this.line = line;
            this.column = column;
        }
    }

    /** A 1-based line and column. */
    record Position(long line, int column) {}

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final boolean allowBom;
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER);
    private final CharBuffer chars = CharBuffer.allocate(BUFFER);
    private boolean eof;
    private DecodingFailure failure;
    /** Bytes of the malformed sequence behind {@link #failure} ({@link #skipMalformed()} passes over them). */
    private int malformedLength;

    private boolean flushed;
    private boolean started;
    /** Text delivered since {@link #windowStart} (at or before the mark): {@code window[0, windowLength)}. */
    private char[] window = new char[2 * BUFFER];

    private int windowLength;

    private long windowStart;
    private long markOffset;
    private long markLine = 1;
    private int markColumn = 1;
    /** Offset of the next character to deliver. */
    private long delivered;
    /** A located offset (≥ windowStart) with its line and column, so that locating moves forward only. */
    private long knownOffset;

    private long knownLine = 1;
    private int knownColumn = 1;
    /** Offset of the last CR not followed by LF (or of a CR ending the text so far), or -1. */
    private long lastLoneCr = -1;
    /** {@link #lastLoneCr} before a CR that ended a block, restored if the next block starts with LF. */
    private long loneCrBeforeTrailing = -1;

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

    /**
     * The line and column of character {@code offset}, which must lie between the mark and the end of the text
     * delivered (the offset just past the end is where the next character would be).
     */
    Position locate(long offset) {
        if (offset < markOffset || offset > delivered) {
            throw new IllegalArgumentException(
                    "offset " + offset + " outside [" + markOffset + ", " + delivered + "] of the reader's window");
        }
        if (offset < knownOffset) {
            knownOffset = markOffset;
            knownLine = markLine;
            knownColumn = markColumn;
        }
        char[] w = window;
        long line = knownLine;
        int column = knownColumn;
        for (int i = (int) (knownOffset - windowStart), end = (int) (offset - windowStart); i < end; i++) {
            char c = w[i];
            if (c == '\n') {
                line++;
                column = 1;
            } else if (!Character.isLowSurrogate(c)) {
                column++;
            }
        }
        knownLine = line;
        knownColumn = column;
        knownOffset = offset;
        return new Position(knownLine, knownColumn);
    }

    /** Forgets the text before {@code offset} (at or after the current mark); positions are located from there. */
    void mark(long offset) {
        Position p = locate(offset);
        markOffset = offset;
        markLine = p.line();
        markColumn = p.column();
        int dead = (int) (offset - windowStart);
        if (dead > BUFFER && dead > windowLength / 2) {
            System.arraycopy(window, dead, window, 0, windowLength - dead);
            windowLength -= dead;
            windowStart = offset;
        }
    }

    /** The offset of the mark. */
    long markOffset() {
        return markOffset;
    }

    /** The character at {@code offset} (at or after the mark), or -1 at or past the end of the delivered text. */
    int charAt(long offset) {
        return offset >= delivered ? -1 : window[(int) (offset - windowStart)];
    }

    /**
     * After a {@link DecodingFailure} for malformed bytes: passes over them, so that reading goes on with the
     * characters after them (which a line reader can use to resume at the next line). Positions stay in characters.
     */
    void skipMalformed() {
        if (failure != null && malformedLength > 0) {
            bytes.position(bytes.position() + Math.min(malformedLength, bytes.remaining()));
            decoder.reset();
            failure = null;
            malformedLength = 0;
        }
    }

    /** Whether a CR not followed by LF was delivered at or after {@code offset} (a CR ending the text counts). */
    boolean loneCrSince(long offset) {
        return lastLoneCr >= offset;
    }

    /** Decodes more characters into the empty {@link #chars}; false at the end of input. */
    private boolean fill() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (flushed) {
            return false;
        }
        chars.clear();
        try {
            while (chars.position() == 0) {
                if (!eof) {
                    bytes.compact();
                    int n;
                    try {
                        n = in.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
                    } catch (IOException e) {
                        Position p = locatePending(0);
                        throw new DecodingFailure(p.line(), p.column(), "read error: " + e.getMessage(), e);
                    }
                    if (n < 0) {
                        eof = true;
                    } else {
                        bytes.position(bytes.position() + n);
                    }
                    bytes.flip();
                }
                CoderResult r = decoder.decode(bytes, chars, eof);
                if (r.isError()) {
                    failure = failure(r, locatePending(chars.position()));
                    malformedLength = r.length();
                    if (chars.position() == 0) {
                        throw failure;
                    }
                    break; // deliver the text before the bad bytes first
                }
                if (eof && !r.isOverflow()) {
                    r = decoder.flush(chars);
                    if (!r.isOverflow()) {
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
                                    + " allow; remove it or allow it",
                            null);
                }
                chars.get();
            }
        }
        remember(chars.position(), chars.limit());
        return true;
    }

    /** Appends {@code chars[from, to)} to the window and notes lone CRs. */
    private void remember(int from, int to) {
        char[] a = chars.array();
        if (from < to && a[from] == '\n' && lastLoneCr == delivered - 1) {
            lastLoneCr = loneCrBeforeTrailing; // the CR that ended the previous block began a CRLF
        }
        for (int i = from; i < to; i++) {
            if (a[i] == '\r' && (i + 1 >= to || a[i + 1] != '\n')) {
                if (i + 1 >= to) {
                    loneCrBeforeTrailing = lastLoneCr;
                }
                lastLoneCr = delivered + (i - from);
            }
        }
        int n = to - from;
        if (windowLength + n > window.length) {
            window = java.util.Arrays.copyOf(window, Math.max(2 * window.length, windowLength + n));
        }
        System.arraycopy(a, from, window, windowLength, n);
        windowLength += n;
        delivered += to - from;
    }

    /**
     * The position of the character {@code decodedBefore} characters into the block being decoded (not yet
     * delivered): the position after the delivered text, moved over those characters.
     */
    private Position locatePending(int decodedBefore) {
        Position p = locate(delivered);
        long line = p.line();
        int column = p.column();
        char[] a = chars.array();
        for (int i = 0; i < decodedBefore; i++) {
            if (a[i] == '\n') {
                line++;
                column = 1;
            } else if (!Character.isLowSurrogate(a[i])) {
                column++;
            }
        }
        return new Position(line, column);
    }

    private DecodingFailure failure(CoderResult r, Position at) {
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
                at.line(),
                at.column(),
                what + " (" + plural + hex + "); the file must be "
                        + decoder.charset().name() + ": convert it (e.g. with iconv) or declare its encoding",
                null);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
