#!/usr/bin/python3
"""torch.mm GFLOP/s on the shapes of `tolk bench gemm`, for side-by-side comparison.

Run with Debian's PyTorch (apt-get install -y python3-torch libopenblas0-openmp):
    /usr/bin/python3 bench/torch_mm.py --threads 2 [--repetitions 7] [--shape 64x512x1536 ...]
Prints one JSON object with the same keys as `tolk bench gemm --json` (backend "torch-<version>").
Shapes are m x k . k x n; "AtB" stores A as [k, m] and multiplies its transpose, "ABt" stores B as [n, k].
"""
import argparse
import json
import statistics
import time

import torch

SHAPES = [(64, 256, 768), (64, 512, 1536), (1024, 512, 8000)]
OPS = ["AB", "AtB", "ABt"]


def measure(m, k, n, op, repetitions, min_seconds):
    g = torch.Generator().manual_seed(1)
    a = torch.rand((k, m) if op == "AtB" else (m, k), generator=g, dtype=torch.float32)
    b = torch.rand((n, k) if op == "ABt" else (k, n), generator=g, dtype=torch.float32)
    out = torch.empty((m, n), dtype=torch.float32)
    left = a.t() if op == "AtB" else a
    right = b.t() if op == "ABt" else b
    flop = 2.0 * m * n * k
    # Calls per repetition so that one repetition lasts about min_seconds.
    start = time.perf_counter()
    torch.mm(left, right, out=out)
    once = max(time.perf_counter() - start, 1e-6)
    calls = max(1, int(min_seconds / once))
    warm_until = time.perf_counter() + 0.5
    while time.perf_counter() < warm_until:
        torch.mm(left, right, out=out)
    rates = []
    for _ in range(repetitions):
        start = time.perf_counter()
        for _ in range(calls):
            torch.mm(left, right, out=out)
        rates.append(flop * calls / (time.perf_counter() - start) / 1e9)
    return statistics.median(rates), calls


def loaded_blas_libraries():
    """Paths of BLAS shared libraries mapped into this process (Linux), to show which BLAS torch.mm used."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower()}
        return sorted(p for p in paths if p.startswith("/"))
    except OSError:
        return []


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repetitions", type=int, default=7)
    parser.add_argument("--min-seconds", type=float, default=0.1)
    parser.add_argument("--shape", action="append", metavar="MxKxN",
                        help="a product [M, K].[K, N] instead of the standard ones (repeatable)")
    args = parser.parse_args()
    shapes = [tuple(int(d) for d in s.lower().split("x")) for s in args.shape] if args.shape else SHAPES
    torch.set_num_threads(args.threads)
    results = []
    for m, k, n in shapes:
        for op in OPS:
            gflops, calls = measure(m, k, n, op, args.repetitions, args.min_seconds)
            results.append({"backend": "torch-" + torch.__version__, "threads": args.threads,
                            "shape": f"{m}x{k}*{k}x{n}", "op": op, "m": m, "n": n, "k": k,
                            "gflops": round(gflops, 1), "calls_per_repetition": calls})
    print(json.dumps({"benchmark": "gemm", "threads": args.threads, "repetitions": args.repetitions,
                      "blas_libraries": loaded_blas_libraries(),
                      "results": results}))


if __name__ == "__main__":
    main()
