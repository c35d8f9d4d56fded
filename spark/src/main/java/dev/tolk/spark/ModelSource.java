package dev.tolk.spark;

import dev.tolk.seq2seq.store.ModelFile;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.SparkSession;

/**
 * Where the executors find the model, and which bytes it must have.
 *
 * <p>Shipped (the default): the driver adds the file to the job ({@code SparkContext.addFile}, the API behind
 * {@code spark-submit --files}); each executor fetches it once and reads {@code SparkFiles.get(fileName)}. Any URI
 * Spark reads works ({@code /local/path}, {@code hdfs://}, {@code s3a://}). Shared storage: every executor reads the
 * same local path (an NFS or similar mount), nothing is copied.
 *
 * <p>The driver records the file's SHA-256, and checks a local model completely (magic, version, checksum,
 * configuration) so that a bad model fails the job at once with one line; each executor compares the SHA-256 of the
 * file it got and checks it again while loading, before the first batch.
 *
 * @param uri the model file as the driver resolved it (qualified)
 * @param fileName the name under which it is shipped
 * @param shipped whether executors read it from {@code SparkFiles} (else from {@code uri}, a local path)
 * @param sha256 the file's SHA-256, hex
 */
public record ModelSource(String uri, String fileName, boolean shipped, String sha256) implements Serializable {

    /** Requires every field. */
    public ModelSource {
        if (uri == null || fileName == null || sha256 == null) {
            throw new IllegalArgumentException("uri, fileName and sha256 are required");
        }
    }

    /**
     * Resolves, fingerprints and checks a model on the driver, and ships it unless it is on shared storage.
     *
     * @param spark the session
     * @param model a model file or model directory (holding {@value ModelFile#FILE_NAME}), as a path or URI
     * @param sharedStorage read it in place on every executor instead of shipping it (a local path only)
     * @throws FileNotFoundException when there is no such file
     * @throws dev.tolk.seq2seq.store.ModelFormatException when a local file is not a valid model
     * @throws IllegalArgumentException when shared storage is asked for a non-local URI
     */
    public static ModelSource prepare(SparkSession spark, String model, boolean sharedStorage) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(model);
        FileSystem fs = p.getFileSystem(conf);
        FileStatus st;
        try {
            st = fs.getFileStatus(p);
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException(model + ": no such model file or directory");
        }
        if (st.isDirectory()) {
            p = new org.apache.hadoop.fs.Path(p, ModelFile.FILE_NAME);
            if (!fs.exists(p)) {
                throw new FileNotFoundException(
                        model + ": a directory without " + ModelFile.FILE_NAME + "; give a model file or directory");
            }
        }
        org.apache.hadoop.fs.Path qualified = fs.makeQualified(p);
        boolean local = "file".equals(qualified.toUri().getScheme());
        if (sharedStorage && !local) {
            throw new IllegalArgumentException("a model on shared storage must be a local path mounted on every "
                    + "executor, got " + qualified + "; leave shared storage off to ship it with the job");
        }
        String sha;
        try (InputStream in = fs.open(qualified)) {
            sha = sha256(in);
        }
        if (local) {
            ModelFile.read(Path.of(qualified.toUri()));
        }
        ModelSource source = new ModelSource(qualified.toString(), qualified.getName(), !sharedStorage, sha);
        if (source.shipped()) {
            spark.sparkContext().addFile(source.uri());
        }
        return source;
    }

    /** The model file on this executor: the shipped copy, or the shared path. */
    public Path localPath() {
        return shipped ? Path.of(SparkFiles.get(fileName)) : Path.of(URI.create(uri));
    }

    /**
     * Checks that {@code file} holds the bytes the driver fingerprinted.
     *
     * @throws IOException naming the file and both digests when it does not
     */
    void verify(Path file) throws IOException {
        String got;
        try (InputStream in = Files.newInputStream(file)) {
            got = sha256(in);
        }
        if (!got.equals(sha256)) {
            throw new IOException(file + ": the model differs from the one the driver checked (" + uri + ", SHA-256 "
                    + sha256 + ", got " + got + "); was it replaced while the job ran?");
        }
    }

    static String sha256(InputStream in) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        try (DigestInputStream d = new DigestInputStream(in, md)) {
            d.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
