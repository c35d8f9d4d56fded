/**
 * Evaluation metrics for machine translation, pure JDK and usable alone.
 *
 * <ul>
 *   <li>{@link dev.tolk.eval.Bleu} — corpus and sentence BLEU, identical to sacreBLEU 2.6.0 (scores, n-gram
 *       counts and totals, precisions, brevity penalty, lengths and the signature, to 1e-9), with the
 *       {@code 13a}, {@code intl}, {@code char} and {@code none} tokenizers ({@link dev.tolk.eval.Tokenization}),
 *       smoothing {@code exp}, {@code floor}, {@code add-k}, {@code none} ({@link dev.tolk.eval.Smoothing}),
 *       effective order and any maximum n-gram order; configured by {@link dev.tolk.eval.BleuConfig}.</li>
 *   <li>{@link dev.tolk.eval.ChrF} — chrF and chrF++ as sacreBLEU 2.6.0 ({@link dev.tolk.eval.ChrFConfig}).</li>
 *   <li>{@link dev.tolk.eval.Perplexity} — from summed natural-log negative log-likelihood and token count.</li>
 *   <li>{@link dev.tolk.eval.BootstrapResampling} — seeded bootstrap confidence intervals and sacreBLEU's paired
 *       bootstrap test between two systems, for any {@link dev.tolk.eval.CorpusMetric}.</li>
 *   <li>{@link dev.tolk.eval.SegmentFile} — strict UTF-8 reading of one-segment-per-line files, with file:line
 *       in every error.</li>
 * </ul>
 *
 * <p>Text is processed with Python's string semantics where sacreBLEU relies on them ({@link
 * dev.tolk.eval.PythonText}): Python's Unicode whitespace set for {@code str.split()}/{@code rstrip()}, and code
 * points (not UTF-16 units) for characters. Golden values come from sacreBLEU 2.6.0 itself
 * ({@code ../shared/data/bleu-vectors}).
 *
 * <p>Signatures follow sacreBLEU's format with Tolk's own version field: {@code version:tolk-<Tolk version>},
 * e.g. {@code nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:tolk-0.1.0}. Every other field means exactly
 * what it means in sacreBLEU 2.6.0, so a Tolk signature and a sacreBLEU 2.6.0 signature that agree on all
 * fields but {@code version} denote the same score.
 *
 * <p>Nothing in this package prints or logs; all classes are immutable and thread-safe unless stated.
 */
package dev.tolk.eval;
