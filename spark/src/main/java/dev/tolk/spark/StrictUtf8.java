package dev.tolk.spark;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding of a value's raw bytes: Spark strings may hold any bytes (a Parquet column, a text file), and
 * {@code Row.getString} would silently turn invalid ones into U+FFFD. Not thread-safe (one per task).
 */
final class StrictUtf8 {
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    /**
     * @param bytes the value's bytes
     * @return the text, or null when the bytes are not valid UTF-8 (see {@link #problem(byte[])})
     */
    String decode(byte[] bytes) {
        ByteBuffer bb = ByteBuffer.wrap(bytes);
        CharBuffer cb = CharBuffer.allocate(bytes.length);
        decoder.reset();
        CoderResult r = decoder.decode(bb, cb, true);
        if (r.isError()) {
            return null;
        }
        decoder.flush(cb);
        return cb.flip().toString();
    }

    /** The reason {@code bytes} do not decode, worded as {@code tolk translate} words it. */
    String problem(byte[] bytes) {
        ByteBuffer bb = ByteBuffer.wrap(bytes);
        decoder.reset();
        CoderResult r = decoder.decode(bb, CharBuffer.allocate(bytes.length), true);
        int at = bb.position();
        if (!r.isError()) {
            return "valid UTF-8";
        }
        return String.format(
                "invalid UTF-8 (byte 0x%02x at byte %d of the value); convert the input to UTF-8, e.g. iconv -f "
                        + "latin1 -t utf-8",
                bytes[at] & 0xFF, at + 1);
    }
}
