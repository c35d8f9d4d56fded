package dev.tolk.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files the service serves as they are: the web page ({@code /}, {@code /app.js}, {@code /style.css}) and the
 * OpenAPI document ({@code /openapi.json}), read from the jar once at start-up. No build step, nothing fetched
 * from the internet at run time.
 */
final class WebAssets {
    /** One file: its content type and bytes. */
    record Asset(String contentType, byte[] bytes) {}

    private static final String ROOT = "/dev/tolk/serve/web/";

    private final Map<String, Asset> byPath = new LinkedHashMap<>();

    WebAssets() {
        add("/", "index.html", "text/html; charset=utf-8");
        add("/app.js", "app.js", "text/javascript; charset=utf-8");
        add("/style.css", "style.css", "text/css; charset=utf-8");
        add("/openapi.json", "openapi.json", "application/json; charset=utf-8");
    }

    private void add(String path, String resource, String contentType) {
        try (InputStream in = WebAssets.class.getResourceAsStream(ROOT + resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + ROOT + resource + "; rebuild it");
            }
            byPath.put(path, new Asset(contentType, in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ROOT + resource + " from the jar", e);
        }
    }

    /** @return the URL paths served, e.g. {@code /}, {@code /app.js} */
    Map<String, Asset> all() {
        return Map.copyOf(byPath);
    }
}
