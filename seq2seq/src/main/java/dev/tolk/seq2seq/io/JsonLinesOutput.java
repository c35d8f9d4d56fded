package dev.tolk.seq2seq.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;

/** JSON-lines output: one compact object per line. Non-finite scores are written as null. */
final class JsonLinesOutput implements TranslationOutput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Writer out;
    private final boolean withNbest;
    private final boolean withAttention;

    JsonLinesOutput(Writer out, boolean withNbest, boolean withAttention) {
        this.out = out;
        this.withNbest = withNbest;
        this.withAttention = withAttention;
    }

    @Override
    public void write(TranslationResult r) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("line", r.source().line());
        o.put("source", r.source().text());
        o.put("translation", r.translation());
        putScore(o, "score", r.score());
        if (withNbest) {
            ArrayNode n = o.putArray("nbest");
            for (Hypothesis h : r.nbest()) {
                ObjectNode e = n.addObject();
                e.put("translation", h.text());
                putScore(e, "score", h.score());
            }
        }
        if (withAttention) {
            Attention a = r.attention();
            ArrayNode st = o.putArray("source_tokens");
            ArrayNode tt = o.putArray("target_tokens");
            if (a == null) {
                o.putNull("attention");
            } else {
                a.sourceTokens().forEach(st::add);
                a.targetTokens().forEach(tt::add);
                ArrayNode rows = o.putArray("attention");
                for (float[] row : a.weights()) {
                    ArrayNode weights = rows.addArray();
                    for (float v : row) {
                        weights.add(v);
                    }
                }
            }
        }
        out.write(JSON.writeValueAsString(o));
        out.write('\n');
    }

    private static void putScore(ObjectNode o, String key, double score) {
        if (Double.isFinite(score)) {
            o.put(key, score);
        } else {
            o.putNull(key);
        }
    }

    @Override
    public boolean needsAttention() {
        return withAttention;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
