package dev.tolk.data.bundled;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * A real parallel corpus shipped inside the jar, so that {@code tolk quickstart} trains a real translator with no
 * download: Tatoeba English→French (163,258 / 1,983 / 1,889 pairs; CC BY 2.0 FR, attribution
 * {@link #attribution()}). Each part is stored gzip-compressed and extracted byte for byte: a UTF-8 CSV with the
 * header {@code source,target} (English, French), CRLF record ends, exactly the files of the development data set
 * {@code tatoeba-en-fr} (their SHA-256 are {@link Part#sha256()}, checked while extracting).
 */
public enum BundledCorpus {
    /** Tatoeba English→French (manythings.org fra-eng 2019-04-07), split so no sentence occurs in two parts. */
    TATOEBA_EN_FR(
            "tatoeba-en-fr",
            new Part("train", 163_258, "dcbb235560a1c6f96c1635ea2fad3d33d55d8280a53c4162f73fb21dda9bd4fb"),
            new Part("valid", 1_983, "c41401046bf9c0412224679886bd1e40db157d3ebe7cfd561c2ac70b21350aad"),
            new Part("test", 1_889, "32bff6a0bdb6361a0400e3e999ddefa8baebcad9c37cdfd60b66122dfb2c5560"));

    /**
     * One part of the corpus.
     *
     * @param name {@code train}, {@code valid} or {@code test}; also the extracted file's name without {@code .csv}
     * @param pairs number of sentence pairs (CSV records after the header)
     * @param sha256 SHA-256 of the extracted CSV, lower-case hex
     */
    public record Part(String name, int pairs, String sha256) {}

    private final String resourcePrefix;
    private final Part train;
    private final Part valid;
    private final Part test;

    BundledCorpus(String resourcePrefix, Part train, Part valid, Part test) {
        this.resourcePrefix = resourcePrefix;
        this.train = train;
        this.valid = valid;
        this.test = test;
    }

    /** The training part. */
    public Part train() {
        return train;
    }

    /** The validation part. */
    public Part valid() {
        return valid;
    }

    /** The test part. */
    public Part test() {
        return test;
    }

    /** The attribution and licence text that must accompany the sentences (also shipped beside them). */
    public String attribution() {
        try (InputStream in = open(resourcePrefix.toUpperCase(java.util.Locale.ROOT) + "-ATTRIBUTION.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("bundled corpus " + resourcePrefix + ": cannot read its attribution", e);
        }
    }

    /**
     * Writes {@code part} to {@code dir/<name>.csv} (creating {@code dir}): to a temporary file beside it, checked
     * against {@link Part#sha256()}, then moved into place, so the target is either the whole part or untouched.
     *
     * @return the written file
     * @throws IOException when the directory or file cannot be written (the message names the path)
     */
    public Path extract(Part part, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(part.name() + ".csv");
        Path tmp = Files.createTempFile(dir, "." + part.name() + ".csv.", ".tmp");
        try {
            MessageDigest sha = sha256();
            try (InputStream in = new GZIPInputStream(open(resourcePrefix + "-" + part.name() + ".csv.gz"));
                    OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    sha.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            }
            String actual = HexFormat.of().formatHex(sha.digest());
            if (!actual.equals(part.sha256())) {
                throw new IOException("bundled corpus " + resourcePrefix + "/" + part.name() + " is damaged: SHA-256 "
                        + actual + ", expected " + part.sha256());
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private InputStream open(String resource) throws IOException {
        InputStream in = BundledCorpus.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("bundled corpus resource " + resource + " is missing from the jar");
        }
        return in;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
