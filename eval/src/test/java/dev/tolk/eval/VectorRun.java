package dev.tolk.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks one run of a sacreBLEU 2.6.0 test vector ({@code expected.json} format of
 * {@code shared/data/bleu-vectors}) against Tolk: scores, counts, totals, precisions, BP, lengths, chrF
 * statistics, signatures (minus the version field) and sacreBLEU's formatted score line.
 */
final class VectorRun {
    static final double TOLERANCE = 1e-9;

    private final String where;
    private final Map<String, Object> run;
    private final Function<String, List<String>> files;

    /**
     * @param where a label for messages (case/run)
     * @param run one element of {@code runs}
     * @param files reads a segment file of the case by name
     */
    VectorRun(String where, Map<String, Object> run, Function<String, List<String>> files) {
        this.where = where;
        this.run = run;
        this.files = files;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> args() {
        Object a = run.get("args");
        return a == null ? Map.of() : (Map<String, Object>) a;
    }

    @SuppressWarnings("unchecked")
    private List<String> refFiles() {
        return (List<String>) run.get("ref_files");
    }

    void check() {
        List<String> hyps = files.apply((String) run.get("hyp_file"));
        List<List<String>> refs = new ArrayList<>();
        for (String f : refFiles()) {
            refs.add(files.apply(f));
        }
        boolean sentence = "sentence".equals(run.get("level"));
        String metric = (String) run.get("metric");
        if ("bleu".equals(metric)) {
            Bleu bleu = new Bleu(bleuConfig(sentence));
            if (sentence) {
                List<Map<String, Object>> expected = sentences();
                assertEquals(expected.size(), hyps.size(), where + ": lines");
                for (int i = 0; i < hyps.size(); i++) {
                    BleuScore s = bleu.sentenceScore(hyps.get(i), column(refs, i));
                    checkBleu(where + " line " + (i + 1), expected.get(i), s, false);
                    checkSignature(s.signature());
                }
            } else {
                BleuScore s = bleu.corpusScore(hyps, refs);
                checkBleu(where, run, s, true);
                checkSignature(s.signature());
            }
        } else if ("chrf".equals(metric)) {
            ChrF chrf = new ChrF(chrfConfig());
            if (sentence) {
                List<Map<String, Object>> expected = sentences();
                assertEquals(expected.size(), hyps.size(), where + ": lines");
                for (int i = 0; i < hyps.size(); i++) {
                    ChrFScore s = chrf.sentenceScore(hyps.get(i), column(refs, i));
                    checkChrF(where + " line " + (i + 1), expected.get(i), s, false);
                    checkSignature(s.signature());
                }
            } else {
                ChrFScore s = chrf.corpusScore(hyps, refs);
                checkChrF(where, run, s, true);
                checkSignature(s.signature());
            }
        } else {
            fail(where + ": unknown metric " + metric);
        }
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> sentences() {
        return (List<Map<String, Object>>) run.get("sentences");
    }

    private static List<String> column(List<List<String>> refs, int i) {
        List<String> out = new ArrayList<>();
        for (List<String> stream : refs) {
            out.add(stream.get(i));
        }
        return out;
    }

    BleuConfig bleuConfig(boolean sentence) {
        Map<String, Object> a = args();
        BleuConfig.Builder b = BleuConfig.builder();
        if (a.containsKey("tokenize")) {
            b.tokenize(Tokenization.fromId((String) a.get("tokenize")));
        }
        if (a.containsKey("lowercase")) {
            b.lowercase((Boolean) a.get("lowercase"));
        }
        Smoothing sm = Smoothing.fromId((String) a.getOrDefault("smooth_method", "exp"));
        Object v = a.get("smooth_value");
        if (v == null) {
            b.smoothing(sm);
        } else {
            b.smoothing(sm, (Double) v);
        }
        b.effectiveOrder(a.containsKey("effective_order") ? (Boolean) a.get("effective_order") : sentence);
        if (a.containsKey("max_ngram_order")) {
            b.maxNgramOrder(((Double) a.get("max_ngram_order")).intValue());
        }
        return b.build();
    }

    ChrFConfig chrfConfig() {
        Map<String, Object> a = args();
        ChrFConfig c = ChrFConfig.chrF();
        if (a.containsKey("word_order")) {
            c = c.withWordOrder(((Double) a.get("word_order")).intValue());
        }
        if (a.containsKey("char_order")) {
            c = c.withCharOrder(((Double) a.get("char_order")).intValue());
        }
        if (a.containsKey("beta")) {
            c = c.withBeta(((Double) a.get("beta")).intValue());
        }
        if (a.containsKey("lowercase")) {
            c = c.withLowercase((Boolean) a.get("lowercase"));
        }
        if (a.containsKey("whitespace")) {
            c = c.withWhitespace((Boolean) a.get("whitespace"));
        }
        if (a.containsKey("eps_smoothing")) {
            c = c.withEpsSmoothing((Boolean) a.get("eps_smoothing"));
        }
        return c;
    }

    private void checkSignature(Signature actual) {
        String expected = (String) run.get("signature");
        assertEquals(withoutVersion(expected), actual.formatWithoutVersion(), where + ": signature");
        assertEquals("tolk-" + Signature.tolkVersion(), actual.get("version"), where + ": version field");
        Object shortSig = run.get("signature_short");
        if (shortSig != null) {
            String s = actual.formatShort();
            assertEquals(withoutVersion((String) shortSig), s.substring(0, s.lastIndexOf('|')), where + ": short");
        }
    }

    static String withoutVersion(String signature) {
        int bar = signature.lastIndexOf('|');
        if (!signature.substring(bar + 1).startsWith("version:")
                && !signature.substring(bar + 1).startsWith("v:")) {
            throw new AssertionError("signature does not end in a version field: " + signature);
        }
        return signature.substring(0, bar);
    }

    /** sacreBLEU's score line with our version in place of theirs. */
    private static String ourScoreLine(String sacrebleuLine) {
        return sacrebleuLine.replaceFirst("\\|version:[^ ]+ = ", "|version:tolk-" + Signature.tolkVersion() + " = ");
    }

    @SuppressWarnings("unchecked")
    private static void checkBleu(String where, Map<String, Object> e, BleuScore s, boolean corpus) {
        assertEquals((Double) e.get("score"), s.score(), TOLERANCE, where + ": score");
        assertEquals(longs((List<Object>) e.get("counts")), s.counts(), where + ": counts");
        assertEquals(longs((List<Object>) e.get("totals")), s.totals(), where + ": totals");
        List<Object> p = (List<Object>) e.get("precisions");
        assertEquals(p.size(), s.precisions().size(), where + ": orders");
        for (int i = 0; i < p.size(); i++) {
            assertEquals((Double) p.get(i), s.precisions().get(i), TOLERANCE, where + ": precision " + (i + 1));
        }
        assertEquals((Double) e.get("bp"), s.bp(), TOLERANCE, where + ": bp");
        assertEquals(((Double) e.get("sys_len")).longValue(), s.sysLen(), where + ": sys_len");
        assertEquals(((Double) e.get("ref_len")).longValue(), s.refLen(), where + ": ref_len");
        if (e.containsKey("ratio")) {
            assertEquals((Double) e.get("ratio"), s.ratio(), TOLERANCE, where + ": ratio");
        }
        List<Object> ck = (List<Object>) e.get("counts_after_add_k");
        List<Object> tk = (List<Object>) e.get("totals_after_add_k");
        for (int i = 0; i < s.counts().size(); i++) {
            double c = ck == null ? s.counts().get(i) : (Double) ck.get(i);
            double t = tk == null ? s.totals().get(i) : (Double) tk.get(i);
            assertEquals(c, s.smoothedCounts().get(i), TOLERANCE, where + ": count after add-k " + (i + 1));
            assertEquals(t, s.smoothedTotals().get(i), TOLERANCE, where + ": total after add-k " + (i + 1));
        }
        if (corpus && e.get("score_line") != null) {
            assertEquals(ourScoreLine((String) e.get("score_line")), s.format(), where + ": score line");
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkChrF(String where, Map<String, Object> e, ChrFScore s, boolean corpus) {
        assertEquals((Double) e.get("score"), s.score(), TOLERANCE, where + ": score");
        List<Object> orders = (List<Object>) e.get("stats_hyp_ref_match_per_order");
        List<Long> flat = new ArrayList<>();
        for (Object o : orders) {
            flat.addAll(longs((List<Object>) o));
        }
        assertEquals(flat, s.statistics(), where + ": [hyp, ref, match] per order");
        if (corpus && e.get("score_line") != null) {
            assertEquals(ourScoreLine((String) e.get("score_line")), s.format(), where + ": score line");
        }
    }

    private static List<Long> longs(List<Object> values) {
        List<Long> out = new ArrayList<>();
        for (Object v : values) {
            double d = (Double) v;
            if (d != Math.rint(d)) {
                throw new AssertionError("expected an integer count, got " + d);
            }
            out.add((long) d);
        }
        return out;
    }
}
