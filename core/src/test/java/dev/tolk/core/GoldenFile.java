package dev.tolk.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the golden-value files written by {@code core/src/test/python/golden_cells.py}: a header line
 * {@code name d0 d1 ...} followed by one line of float values, row-major; {@code #} starts a comment line.
 */
public final class GoldenFile {
    private final Map<String, Tensor> tensors;

    private GoldenFile(Map<String, Tensor> tensors) {
        this.tensors = tensors;
    }

    /** Loads {@code /dev/tolk/core/golden/<name>.txt} from the test class path. */
    public static GoldenFile load(String name) {
        String path = "/dev/tolk/core/golden/" + name + ".txt";
        try (InputStream in = GoldenFile.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing golden file " + path);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, Tensor> map = new LinkedHashMap<>();
            String header;
            while ((header = r.readLine()) != null) {
                if (header.isBlank() || header.startsWith("#")) {
                    continue;
                }
                String[] h = header.trim().split(" ");
                int[] shape = new int[h.length - 1];
                for (int i = 1; i < h.length; i++) {
                    shape[i - 1] = Integer.parseInt(h[i]);
                }
                String[] v = r.readLine().trim().split(" ");
                float[] values = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    values[i] = Float.parseFloat(v[i]);
                }
                map.put(h[0], Tensor.of(values, shape));
            }
            return new GoldenFile(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tensor named {@code name}. */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("golden file has no tensor " + name + " (has " + tensors.keySet() + ")");
        }
        return t;
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }
}
