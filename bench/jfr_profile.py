#!/usr/bin/env python3
"""Aggregate a JFR recording of `tolk bench seq2seq` into where the time goes.

Usage: python3 bench/jfr_profile.py REC.jfr [--within METHOD] [--top N]

Reads jdk.ExecutionSample (threads running Java code) and jdk.NativeMethodSample (threads inside a native
call, e.g. OpenBLAS sgemm through JNI) with `jfr print --json`, keeps the samples whose stack contains
--within (default: the training loop, BenchSeq2seqWorkload.train), and prints
  * the top frames by self samples (Java) and the native methods by samples,
  * a breakdown into categories (GEMM, recurrent cell gates, attention, softmax/cross-entropy, embedding,
    dropout, optimiser, clipping, copies, other), each sample attributed to the innermost frame that matches
    a category rule.
Sample counts from both event kinds are comparable: JFR samples Java and native threads at fixed periods
(settings=profile: 10 ms Java, 20 ms native), so native samples are weighted by 2 to count time.
"""
import argparse
import collections
import json
import subprocess
import sys

# innermost-first rules: (category, predicate on "Class.method")
RULES = [
    ("gemm (OpenBLAS/Java GEMM)", lambda f: "Gemm" in f or "openblas" in f.lower() or "cblas" in f.lower()),
    ("softmax + cross-entropy", lambda f: "SoftmaxCrossEntropy" in f or "logSoftmax" in f),
    ("attention (element-wise part)", lambda f: "AdditiveAttention" in f),
    ("GRU gates (element-wise)", lambda f: "GruCell.gates" in f or "GruCell.after" in f),
    ("dropout", lambda f: "Dropout" in f),
    ("embedding", lambda f: "Embedding" in f),
    ("Adam update", lambda f: "Adam" in f or "AbstractOptimizer" in f),
    ("gradient clipping / zeroing", lambda f: "GradientClipper" in f or "zeroGrad" in f or "Parameter" in f),
    ("column copies / element-wise helpers", lambda f: "ElementWise" in f or "Tensor.copy" in f
        or "copyColumns" in f or "columnsOf" in f or "Buffer" in f),
    ("RNN cell other (bias, bookkeeping)", lambda f: "RnnCell" in f or "Rnn." in f or "GruCell" in f),
    ("decoder/encoder other", lambda f: "seq2seq.model" in f),
]


def frames(ev):
    st = ev.get("values", {}).get("stackTrace") or {}
    out = []
    for fr in st.get("frames", []):
        m = fr.get("method", {})
        t = m.get("type", {}).get("name", "?")
        out.append(t.replace("/", ".") + "." + m.get("name", "?"))
    return out  # innermost first


def short(f):
    parts = f.split(".")
    return ".".join(parts[-2:])


def gc_seconds(path):
    p = subprocess.run(["jfr", "print", "--json", "--events", "jdk.GarbageCollection", path],
                       capture_output=True, text=True, check=True)
    total = 0.0
    for ev in json.loads(p.stdout)["recording"]["events"]:
        d = ev["values"].get("sumOfPauses") or ev["values"].get("duration") or "PT0S"
        total += float(str(d).strip("PTS") or 0) if str(d).startswith("PT") and str(d).endswith("S") else 0.0
    return total


def load(path, event):
    p = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", event, path],
                       capture_output=True, text=True, check=True)
    return json.loads(p.stdout)["recording"]["events"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("jfr")
    ap.add_argument("--within", default="BenchSeq2seqWorkload.train")
    ap.add_argument("--top", type=int, default=25)
    a = ap.parse_args()
    selfc = collections.Counter()
    cat = collections.Counter()
    gemm_callers = collections.Counter()
    total = 0.0
    for event, weight in (("jdk.ExecutionSample", 1.0), ("jdk.NativeMethodSample", 2.0)):
        for ev in load(a.jfr, event):
            fs = frames(ev)
            if not fs or not any(a.within in f for f in fs):
                continue
            # skip OpenBLAS worker threads' idle waits etc.: only the main thread's stack contains --within
            total += weight
            selfc[("native " if weight == 2.0 else "") + fs[0]] += weight
            if RULES[0][1](fs[0]) or (len(fs) > 1 and RULES[0][1](fs[1])):
                rest = [f for f in fs if not RULES[0][1](f)]
                gemm_callers[" <- ".join(short(f) for f in rest[:3])] += weight
            for f in fs:
                for name, rule in RULES:
                    if rule(f):
                        cat[name] += weight
                        break
                else:
                    continue
                break
            else:
                cat["other"] += weight
    if total == 0:
        print("no samples within", a.within, file=sys.stderr)
        sys.exit(1)
    print(f"samples (time-weighted) within {a.within}: {total:.0f}")
    print("\n## categories (innermost matching frame)")
    for k, v in cat.most_common():
        print(f"{100 * v / total:6.1f}%  {k}")
    print(f"\n## GEMM by caller (share of all samples)")
    for k, v in gemm_callers.most_common(15):
        print(f"{100 * v / total:6.1f}%  {k}")
    print(f"\nGC pauses in the whole recording: {gc_seconds(a.jfr):.3f} s")
    print(f"\n## top {a.top} frames by self time")
    for k, v in selfc.most_common(a.top):
        print(f"{100 * v / total:6.1f}%  {k}")


if __name__ == "__main__":
    main()
