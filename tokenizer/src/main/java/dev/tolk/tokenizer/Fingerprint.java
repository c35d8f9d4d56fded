package dev.tolk.tokenizer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 fingerprints of vocabularies and pipeline specs, for provenance records. */
final class Fingerprint {
    private Fingerprint() {}

    /** Hex SHA-256 of the strings, each written as its UTF-16 length, ':' and its UTF-8 bytes (unambiguous). */
    static String of(List<String> parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String s : parts) {
                md.update((s.length() + ":").getBytes(StandardCharsets.US_ASCII));
                md.update(s.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
