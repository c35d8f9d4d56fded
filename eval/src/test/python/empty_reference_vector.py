"""Generates the c18_empty_reference_lines case of embedded-bleu-vectors.json with sacreBLEU 2.6.0.

Run from a sacreBLEU 2.6.0 source tree (tag v2.6.0) on PYTHONPATH. The files are read the way the sacrebleu
command line reads them (one segment per line, line.rstrip()), so an empty reference line is an empty reference
"" -- kept, with length 0 -- and never None (a missing reference, which only the API can express).
"""
import json
import sys

import sacrebleu
from sacrebleu.metrics import BLEU, CHRF

assert sacrebleu.__version__ == "2.6.0", sacrebleu.__version__

FILES = {
    "hyp.txt": ["the cat sat on the mat", "a dog runs", "it is raining today", "hello", "ok"],
    "ref0.txt": ["the cat sat on the mat", "", "it rains today", "", ""],
    "ref1.txt": ["a cat sat on a mat", "a dog is running", "", "hello there my good friend", ""],
    "ref2.txt": ["", "the dog runs fast", "it is raining", "", ""],
}
REFS = ["ref0.txt", "ref1.txt", "ref2.txt"]
hyps = [l.rstrip() for l in FILES["hyp.txt"]]
refs = [[l.rstrip() for l in FILES[f]] for f in REFS]


def bleu_fields(s):
    return {"score": s.score, "score_2dp": f"{s.score:.2f}", "counts": s.counts, "totals": s.totals,
            "precisions": s.precisions, "bp": s.bp, "sys_len": s.sys_len, "ref_len": s.ref_len, "ratio": s.ratio}


def signature(metric):
    sig = metric.get_signature()
    return {"signature": sig.format(), "signature_short": sig.format(short=True)}


runs = []
bleu = BLEU()
s = bleu.corpus_score(hyps, refs)
run = {"name": "bleu_default", "metric": "bleu", "level": "corpus", "hyp_file": "hyp.txt", "ref_files": REFS,
       "args": {}, "cli": "sacrebleu ref0.txt ref1.txt ref2.txt -i hyp.txt -m bleu", "lines": len(hyps)}
run.update(signature(bleu))
run["score_line"] = f"BLEU|{run['signature']} = {s.score:.2f} {s._verbose}"
run.update(bleu_fields(s))
runs.append(run)

chrf = CHRF()
c = chrf.corpus_score(hyps, refs)
stats = chrf._extract_corpus_statistics(hyps, refs)
summed = [sum(col) for col in zip(*stats)]
run = {"name": "chrf2_default", "metric": "chrf", "level": "corpus", "hyp_file": "hyp.txt", "ref_files": REFS,
       "args": {}, "cli": "sacrebleu ref0.txt ref1.txt ref2.txt -i hyp.txt -m chrf", "lines": len(hyps)}
run.update(signature(chrf))
run["score_line"] = f"{c.name}|{run['signature']} = {c.score:.2f}"
run.update({"score": c.score, "score_2dp": f"{c.score:.2f}",
            "stats_hyp_ref_match_per_order": [summed[i:i + 3] for i in range(0, len(summed), 3)]})
runs.append(run)

sbleu = BLEU(effective_order=True)
sentences = [bleu_fields(sbleu.sentence_score(h, [r[i] for r in refs])) for i, h in enumerate(hyps)]
run = {"name": "sentence_bleu_default", "metric": "bleu", "level": "sentence", "hyp_file": "hyp.txt",
       "ref_files": REFS, "args": {}, "cli": "sacrebleu ref0.txt ref1.txt ref2.txt -i hyp.txt -m bleu -sl",
       "lines": len(hyps)}
run.update(signature(sbleu))
run["mean_sentence_score"] = sum(x["score"] for x in sentences) / len(sentences)
run["sentences"] = sentences
runs.append(run)

json.dump({"case": "c18_empty_reference_lines", "files": FILES, "runs": runs}, sys.stdout, indent=1,
          ensure_ascii=False)
