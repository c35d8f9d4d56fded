#!/usr/bin/python3
"""Tolk vs the PyTorch peer, side by side, on the standard seq2seq presets of ../shared/BENCHMARKS.md.

For each thread count and preset, runs back to back (same machine, same minute; with --repeats, odd rounds run Tolk
first and even rounds the peer first):
  Tolk:  java -jar cli/target/tolk.jar bench seq2seq --preset P --threads N --json
  peer:  /usr/bin/python3 ../shared/peer/torch_seq2seq.py --preset P --threads N
and writes a Markdown table (train tokens/s, greedy and beam-5 sentences/s, peak RSS, parameters, model GFLOP/s,
Tolk/peer ratios, the load average at each measurement) to stdout and bench/results/latest.md, and the raw JSON
lines to bench/results/latest.jsonl. The peer is found relative to the repository (../shared/peer); when it is
absent, Tolk runs alone and the table says so.

With --precision bf16 int8 ... each precision runs on both sides (Tolk's `--precision`, the peer's own
`--precision`: bf16 = torch.autocast, int8 = dynamic quantisation for decoding), and the table adds Tolk's ratio
to the peer's float32 (the peer's fp32 run is reused when fp32 is among the precisions, else run once more).

Usage (from anywhere; build the jar first: ./tolk --version):
  /usr/bin/python3 bench/side_by_side.py [--threads 2 [1 ...]] [--presets cho-512 attn-512 attn-256]
                                         [--precision fp32 [bf16 int8]]
                                         [--repeats R] [--steps 20] [--warmup 3] [--java-opts "-Xmx2g"]
Ratios are only meaningful within one run: absolute speed on a shared VM drifts between runs.
"""
import argparse
import datetime
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEER = os.path.normpath(os.path.join(REPO, "..", "shared", "peer", "torch_seq2seq.py"))
JAR = os.path.join(REPO, "cli", "target", "tolk.jar")
PRESETS = ["cho-512", "attn-512", "attn-256"]


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except OSError:
        return None


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def cpu_flags():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    fl = line.split(":", 1)[1].split()
                    return ",".join(x for x in ("avx2", "avx512f", "fma") if x in fl)
    except OSError:
        pass
    return ""


# Debian's OpenMP build of OpenBLAS, which the peer's README asks for. When the pthread build is installed too, it
# is the system default (higher alternatives priority), and then the peer's OpenMP threads and OpenBLAS's own
# threads oversubscribe the cores: measured here, 2-thread float32 training 1.7-3.5x slower than with the OpenMP
# build. The peer runs with this directory first on LD_LIBRARY_PATH, whatever the system default is.
OPENMP_BLAS = "/usr/lib/x86_64-linux-gnu/openblas-openmp"


def peer_env():
    """The peer's environment: this one, with Debian's OpenMP OpenBLAS first when it is installed."""
    env = dict(os.environ)
    if os.path.isdir(OPENMP_BLAS):
        old = env.get("LD_LIBRARY_PATH")
        env["LD_LIBRARY_PATH"] = OPENMP_BLAS + (":" + old if old else "")
    return env


def run_json(cmd, label, env=None):
    """Runs cmd, returns the parsed last JSON line of stdout (or None with the error on stderr)."""
    sys.stderr.write(f"[side_by_side] {label}: {' '.join(shlex.quote(c) for c in cmd)} (load {loadavg()})\n")
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=env)
    lines = [l for l in p.stdout.splitlines() if l.startswith("{")]
    if p.returncode != 0 or not lines:
        sys.stderr.write(f"[side_by_side] {label} failed (exit {p.returncode}):\n{p.stderr[-2000:]}\n")
        return None
    return json.loads(lines[-1])


def fmt(v, digits=0):
    if v is None:
        return "—"
    if isinstance(v, (int, float)):
        return f"{v:,.{digits}f}"
    return str(v)


def ratio(a, b):
    if a is None or b is None or not b:
        return "—"
    return f"{a / b:.2f}×"


def get(r, k):
    return None if r is None else r.get(k)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, nargs="+", default=[2])
    ap.add_argument("--presets", nargs="+", default=PRESETS, choices=PRESETS)
    ap.add_argument("--precision", nargs="+", default=["fp32"], choices=["fp32", "bf16", "int8"],
                    help="precisions to compare, each with the peer's same precision (default fp32)")
    ap.add_argument("--repeats", type=int, default=1,
                    help="rounds of all presets (odd rounds run Tolk then the peer, even rounds the peer then Tolk)")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--java", default="java")
    ap.add_argument("--java-opts", default="", help="extra JVM options, e.g. \"-Xmx2g\"")
    ap.add_argument("--jar", default=JAR)
    ap.add_argument("--peer", default=PEER, help="the peer script (default: ../shared/peer/torch_seq2seq.py "
                    "next to the repository; give it when running from a git worktree)")
    ap.add_argument("--out", default=os.path.join(REPO, "bench", "results", "latest.md"))
    a = ap.parse_args()

    if not os.path.exists(a.jar):
        sys.exit(f"{a.jar} not found: build it first (./tolk --version)")
    peer_script = a.peer
    have_peer = os.path.exists(peer_script)
    if not have_peer:
        sys.stderr.write(f"[side_by_side] the peer {peer_script} is absent (no ../shared next to the repository): "
                         "measuring Tolk alone\n")

    started = datetime.datetime.now(datetime.timezone.utc)
    load_start = loadavg()
    rows = []
    raw = []
    for rep in range(a.repeats):
        for n in a.threads:
            for preset in a.presets:
                common = ["--preset", preset, "--threads", str(n), "--steps", str(a.steps), "--warmup", str(a.warmup)]
                found = []
                peer_fp32 = None
                for prec in a.precision:
                    pa = ["--precision", prec]

                    def run_tolk():
                        return run_json([a.java] + shlex.split(a.java_opts) + ["-jar", a.jar, "bench", "seq2seq"]
                                        + common + pa + ["--json"], f"tolk {preset} x{n} {prec}")

                    def run_peer():
                        return (run_json(["/usr/bin/python3", peer_script] + common + pa, f"peer {preset} x{n} {prec}",
                                         peer_env()) if have_peer else None)

                    # odd rounds run Tolk first, even rounds the peer first: a system that always ran second would
                    # always meet the machine a minute later (its drift, the other's leftover heat and caches)
                    if rep % 2 == 0:
                        tolk = run_tolk()
                        peer = run_peer()
                    else:
                        peer = run_peer()
                        tolk = run_tolk()
                    for who, r in (("tolk", tolk), ("peer", peer)):
                        if r is not None:
                            raw.append(dict(r, system=who, round=rep + 1))
                    if prec == "fp32":
                        peer_fp32 = peer
                    found.append((prec, tolk, peer))
                if have_peer and peer_fp32 is None:
                    peer_fp32 = run_json(["/usr/bin/python3", peer_script] + common + ["--precision", "fp32"],
                                         f"peer {preset} x{n} fp32 (reference)", peer_env())
                    if peer_fp32 is not None:
                        raw.append(dict(peer_fp32, system="peer", round=rep + 1))
                for prec, tolk, peer in found:
                    rows.append((rep + 1, n, preset, prec, tolk, peer, peer_fp32))

    md = []
    md.append(f"Measured {started:%Y-%m-%d %H:%M} UTC on {os.cpu_count()} CPUs, {cpu_model()} ({cpu_flags()}), "
              f"load average {load_start} at start, {loadavg()} at end.")
    first_tolk = next((r[4] for r in rows if r[4]), None)
    first_peer = next((r[5] for r in rows if r[5]), None)
    env = []
    if first_tolk:
        env.append(f"Tolk: Java {first_tolk.get('java')}, backend {first_tolk.get('backend')}")
    if first_peer:
        blas = ", ".join(os.path.basename(b) for b in first_peer.get("blas", [])) or "no BLAS found!"
        where = (OPENMP_BLAS if os.path.isdir(OPENMP_BLAS) else "the system default") + ", OPENBLAS_CORETYPE=" + \
            os.environ.get("OPENBLAS_CORETYPE", "unset")
        env.append(f"peer: PyTorch {first_peer.get('torch')} ({blas} from {where}), impl {first_peer.get('impl')}")
    elif not have_peer:
        env.append("peer: absent (../shared/peer not found), Tolk only")
    md.append("; ".join(env) + ".")
    md.append(f"Command: `/usr/bin/python3 bench/side_by_side.py --threads {' '.join(map(str, a.threads))} "
              f"--precision {' '.join(a.precision)} --steps {a.steps} --warmup {a.warmup}" + (f" --repeats {a.repeats}" if a.repeats > 1 else "")
              + (f" --java-opts {shlex.quote(a.java_opts)}" if a.java_opts else "") + "`")
    md.append("")
    md.append("| preset | threads | precision | train tok/s Tolk | peer | ratio | × peer fp32 "
              "| greedy sent/s Tolk | peer | ratio | × peer fp32 "
              "| beam-5 sent/s Tolk | peer | ratio | × peer fp32 | peak RSS MB Tolk | peer | params Tolk | peer "
              "| GFLOP/s Tolk | peer | load Tolk / peer | other CPU Tolk / peer |")
    md.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:"
              "|---:|---|---|")
    for rep, n, preset, prec, t, p, p32 in rows:
        name = preset if a.repeats == 1 else f"{preset} (round {rep})"
        md.append("| " + " | ".join([
            f"`{name}`", str(n), prec,
            fmt(get(t, "train_tokens_per_sec")), fmt(get(p, "train_tokens_per_sec")),
            ratio(get(t, "train_tokens_per_sec"), get(p, "train_tokens_per_sec")),
            ratio(get(t, "train_tokens_per_sec"), get(p32, "train_tokens_per_sec")),
            fmt(get(t, "greedy_sentences_per_sec")), fmt(get(p, "greedy_sentences_per_sec")),
            ratio(get(t, "greedy_sentences_per_sec"), get(p, "greedy_sentences_per_sec")),
            ratio(get(t, "greedy_sentences_per_sec"), get(p32, "greedy_sentences_per_sec")),
            fmt(get(t, "beam5_sentences_per_sec"), 1), fmt(get(p, "beam5_sentences_per_sec"), 1),
            ratio(get(t, "beam5_sentences_per_sec"), get(p, "beam5_sentences_per_sec")),
            ratio(get(t, "beam5_sentences_per_sec"), get(p32, "beam5_sentences_per_sec")),
            fmt(get(t, "peak_rss_mb")), fmt(get(p, "peak_rss_mb")),
            fmt(get(t, "params")), fmt(get(p, "params")),
            fmt(get(t, "train_gflop_per_s_model"), 1), fmt(get(p, "train_gflop_per_s_model"), 1),
            f"{fmt(get(t, 'loadavg_start'), 2)} / {fmt(get(p, 'loadavg_start'), 2)}",
            f"{fmt(get(t, 'other_procs_cpu_frac'), 2)} / {fmt(get(p, 'other_procs_cpu_frac'), 2)}",
        ]) + " |")
    md.append("")
    md.append("Ratios are Tolk / peer at the same precision, and Tolk / the peer's float32 (\"× peer fp32\"); higher "
              "is better for Tolk, except memory. Precisions: bf16 trains and decodes with bf16 products (Tolk: "
              "float32 master weights; peer: torch.autocast); int8 trains in float32 and decodes with int8 products "
              "(Tolk: per-channel weight scales, per-tensor activation scale; peer: dynamic quantisation). "
              "\"load\" is the 1-minute load "
              "average when each run started; \"other CPU\" the share of the machine's CPUs other processes used "
              "during the run (0 = quiet). Parameters differ by design: Tolk's GRU has 2H fewer biases per "
              "direction (PyTorch's redundant b_hr, b_hz are folded), and Tolk's cho decoder has an initial-state "
              "layer s_0 = tanh(W c + b) (H·H + H) where the peer starts from s_0 = c.")
    md.extend(own_ratio_table(rows))
    md.extend(target_summary(rows))
    if a.repeats > 1:
        md.extend(median_summary(rows))
    text = "\n".join(md) + "\n"
    sys.stdout.write(text)
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        f.write("# Tolk vs PyTorch peer: seq2seq speed\n\n" + text)
    with open(os.path.splitext(a.out)[0] + ".jsonl", "w") as f:
        for r in raw:
            f.write(json.dumps(r) + "\n")
    sys.stderr.write(f"[side_by_side] wrote {a.out} and {os.path.splitext(a.out)[0]}.jsonl\n")


def own_ratio_table(rows):
    """Tolk at each precision against Tolk's own float32 row of the same round, preset and threads."""
    fp32 = {(rep, n, preset): t for rep, n, preset, prec, t, p, p32 in rows if prec == "fp32" and t}
    out = ["", "Tolk against its own float32 (same round, preset and threads; int8 trains in float32, so its "
           "training ratio is left out):", "",
           "| preset | threads | precision | round | train tok/s | × fp32 | greedy sent/s | × fp32 "
           "| beam-5 sent/s | × fp32 | peak RSS MB |",
           "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for rep, n, preset, prec, t, p, p32 in sorted(rows, key=lambda r: (r[2], -r[1], r[0], PRECISIONS.index(r[3]))):
        if not t:
            continue
        base = fp32.get((rep, n, preset))
        train = "—" if prec == "int8" else ratio(get(t, "train_tokens_per_sec"), get(base, "train_tokens_per_sec"))
        out.append("| " + " | ".join([
            f"`{preset}`", str(n), prec, str(rep),
            fmt(get(t, "train_tokens_per_sec")), train,
            fmt(get(t, "greedy_sentences_per_sec")),
            ratio(get(t, "greedy_sentences_per_sec"), get(base, "greedy_sentences_per_sec")),
            fmt(get(t, "beam5_sentences_per_sec"), 1),
            ratio(get(t, "beam5_sentences_per_sec"), get(base, "beam5_sentences_per_sec")),
            fmt(get(t, "peak_rss_mb")),
        ]) + " |")
    return out


PRECISIONS = ["fp32", "bf16", "int8"]

# The engine issue's targets: (label, precision, figure, against the peer's "same" precision or "fp32", at least)
TARGETS = [
    ("fp32 training ≥ 1.3× peer", "fp32", "train_tokens_per_sec", "same", 1.3),
    ("fp32 greedy ≥ 1.3× peer", "fp32", "greedy_sentences_per_sec", "same", 1.3),
    ("fp32 beam ≥ 1.3× peer", "fp32", "beam5_sentences_per_sec", "same", 1.3),
    ("bf16 training ≥ 2× peer fp32", "bf16", "train_tokens_per_sec", "fp32", 2.0),
    ("bf16 training ≥ 1.5× peer bf16", "bf16", "train_tokens_per_sec", "same", 1.5),
    ("bf16 greedy ≥ 2.5× peer fp32", "bf16", "greedy_sentences_per_sec", "fp32", 2.5),
    ("bf16 beam ≥ 2.5× peer fp32", "bf16", "beam5_sentences_per_sec", "fp32", 2.5),
    ("int8 greedy ≥ 3.5× peer fp32", "int8", "greedy_sentences_per_sec", "fp32", 3.5),
    ("int8 beam ≥ 3.5× peer fp32", "int8", "beam5_sentences_per_sec", "fp32", 3.5),
    ("int8 greedy ≥ 1.5× peer int8", "int8", "greedy_sentences_per_sec", "same", 1.5),
    ("int8 beam ≥ 1.5× peer int8", "int8", "beam5_sentences_per_sec", "same", 1.5),
]


def target_ratios(rows, prec, key, against):
    """(preset, threads) -> {round: Tolk / peer} for one figure at one precision, against the peer's same precision
    ("same") or its float32 ("fp32") of the same round."""
    out = {}
    for rep, n, preset, pr, t, p, p32 in rows:
        if pr != prec or not t:
            continue
        ref = p if against == "same" else p32
        tv, rv = get(t, key), get(ref, key)
        if tv is None or rv is None or rv <= 0:
            continue
        out.setdefault((preset, n), {})[rep] = tv / rv
    return out


def median_summary(rows):
    """Per target: each row's median over the rounds of its paired ratios (Tolk and the peer of the same round)."""
    out = ["", "Against the engine issue's targets, per row: the median over the rounds of the row's ratios (each "
           "round's Tolk against the same round's peer):", "",
           "| target | rows reaching it | range of the medians | below (median; every round) |", "|---|---:|---|---|"]
    for label, prec, key, against, need in TARGETS:
        per_row = target_ratios(rows, prec, key, against)
        if not per_row:
            continue
        med = {row: statistics.median(r.values()) for row, r in per_row.items()}
        below = sorted((m, row) for row, m in med.items() if m < need)
        out.append(f"| {label} | {len(med) - len(below)} of {len(med)} | {min(med.values()):.2f}–"
                   f"{max(med.values()):.2f}× | "
                   + (", ".join(f"{preset} {n}t {m:.2f}× ("
                                + " · ".join(f"{per_row[(preset, n)][k]:.2f}" for k in sorted(per_row[(preset, n)]))
                                + ")" for m, (preset, n) in below) or "—") + " |")
    return out


def target_summary(rows):
    """Per target of the engine issue: the range of ratios, how many figures reach it, and the ones that do not."""
    out = ["", "Against the engine issue's targets (every round):", "",
           "| target | figures reaching it | range | below |", "|---|---:|---|---|"]
    for label, prec, key, against, need in TARGETS:
        got = [(r, f"{preset} {n}t r{rep}") for (preset, n), by_round in target_ratios(rows, prec, key, against).items()
               for rep, r in by_round.items()]
        if not got:
            continue
        below = sorted((r, w) for r, w in got if r < need)
        out.append(f"| {label} | {len(got) - len(below)} of {len(got)} | {min(r for r, _ in got):.2f}–"
                   f"{max(r for r, _ in got):.2f}× | " + (", ".join(f"{w} {r:.2f}×" for r, w in below) or "—") + " |")
    mem = [(get(t, "peak_rss_mb"), get(p, "peak_rss_mb"), f"{preset} {n}t {pr} r{rep}")
           for rep, n, preset, pr, t, p, p32 in rows if t and p]
    mem = [(tv, pv, w) for tv, pv, w in mem if tv is not None and pv is not None]
    if mem:
        above = [(tv - pv, w) for tv, pv, w in mem if tv > pv]
        out.append(f"| peak RSS ≤ peer | {len(mem) - len(above)} of {len(mem)} | "
                   f"{min(tv - pv for tv, pv, _ in mem):+.0f} to {max(tv - pv for tv, pv, _ in mem):+.0f} MB | "
                   + (", ".join(f"{w} {d:+.0f} MB" for d, w in sorted(above, reverse=True)) or "—") + " |")
    return out

if __name__ == "__main__":
    main()
