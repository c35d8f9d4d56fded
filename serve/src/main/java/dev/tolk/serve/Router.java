package dev.tolk.serve;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches each exchange to its endpoint by exact path and method (404 and 405 otherwise), reads request bodies
 * within the size limit, turns every failure into a JSON error (a request never kills the service), writes the
 * response on the HTTP executor when the endpoint completes, and counts requests in the metrics.
 */
final class Router implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** An endpoint: the request body (empty for GET) in, a response out, now or later. */
    @FunctionalInterface
    interface Endpoint {
        CompletableFuture<Response> handle(byte[] body);
    }

    private record Route(String method, Endpoint endpoint) {}

    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final ServeMetrics metrics;
    private final Executor executor;
    private final int maxBodyBytes;
    private final AtomicInteger inFlight = new AtomicInteger();

    Router(ServeMetrics metrics, Executor executor, int maxBodyBytes) {
        this.metrics = metrics;
        this.executor = executor;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Routes {@code method path} to {@code endpoint}. */
    Router route(String method, String path, Endpoint endpoint) {
        routes.put(path, new Route(method, endpoint));
        return this;
    }

    /** Routes {@code GET path} to a response computed on each request. */
    Router get(String path, java.util.function.Supplier<Response> response) {
        return route("GET", path, body -> CompletableFuture.completedFuture(response.get()));
    }

    /** @return requests received and not yet answered */
    int inFlight() {
        return inFlight.get();
    }

    @Override
    public void handle(HttpExchange exchange) {
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        metrics.requestStarted();
        String path = exchange.getRequestURI().getPath();
        Route route = routes.get(path);
        String endpoint = route != null ? path : "other";
        CompletableFuture<Response> response;
        try {
            response = dispatch(exchange, path, route);
        } catch (Throwable t) {
            response = CompletableFuture.failedFuture(t);
        }
        response.handleAsync(
                (r, failure) -> {
                    Response out = failure == null ? r : failure(failure);
                    send(exchange, out);
                    metrics.requestFinished(
                            endpoint, out.status(), out.errorReason(), (System.nanoTime() - start) / 1e9);
                    inFlight.decrementAndGet();
                    return null;
                },
                executor);
    }

    private CompletableFuture<Response> dispatch(HttpExchange exchange, String path, Route route) throws IOException {
        if (route == null) {
            return CompletableFuture.completedFuture(Response.error(
                    404,
                    "not_found",
                    null,
                    "no such endpoint: " + path + "; the API is described at /openapi.json",
                    Map.of()));
        }
        String method = exchange.getRequestMethod();
        if (!method.equals(route.method())) {
            return CompletableFuture.completedFuture(Response.error(
                    405,
                    "method_not_allowed",
                    null,
                    path + " accepts " + route.method() + ", not " + method,
                    Map.of("Allow", route.method())));
        }
        byte[] body = route.method().equals("POST") ? readBody(exchange) : new byte[0];
        return route.endpoint().handle(body);
    }

    private byte[] readBody(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBodyBytes) {
                    throw BadRequestException.tooLarge(maxBodyBytes);
                }
            } catch (NumberFormatException e) {
                throw new BadRequestException(BadRequestException.BODY, "invalid Content-Length '" + length + "'");
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                throw BadRequestException.tooLarge(maxBodyBytes);
            }
            return body;
        }
    }

    /** The response for an endpoint's failure: the client's fault (400, 413), capacity (429, 503) or ours (500). */
    static Response failure(Throwable failure) {
        Throwable t =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof BadRequestException b) {
            return Response.error(
                    b.status(), b.status() == 413 ? "too_large" : "bad_request", b.field(), b.getMessage(), Map.of());
        }
        if (t instanceof RejectedException r) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Retry-After", Integer.toString(r.retryAfterSeconds()));
            if (r.shuttingDown()) {
                headers.put("Connection", "close");
            }
            return Response.error(
                    r.status(), r.shuttingDown() ? "shutting_down" : "over_capacity", null, r.getMessage(), headers);
        }
        LOG.error("request failed", t);
        return Response.error(
                500,
                "internal",
                null,
                "internal error: " + t.getClass().getSimpleName()
                        + (t.getMessage() != null ? ": " + t.getMessage() : "") + " (the service goes on; see its log)",
                Map.of());
    }

    private static void send(HttpExchange exchange, Response r) {
        try {
            Headers h = exchange.getResponseHeaders();
            h.set("Content-Type", r.contentType());
            h.set("Cache-Control", "no-store");
            h.set("X-Content-Type-Options", "nosniff");
            h.set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
            r.headers().forEach(h::set);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(r.status(), head || r.body().length == 0 ? -1 : r.body().length);
            if (!head && r.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(r.body());
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot send the response (client gone?): {}", e.toString());
        } catch (RuntimeException e) {
            LOG.warn("cannot send the response", e);
        } finally {
            exchange.close();
        }
    }
}
