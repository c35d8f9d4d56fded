#!/usr/bin/python3
"""Tolk on Spark against `tolk translate`: sentences/s on the same lines with the same model.

Runs, interleaved and repeated (same machine, same minutes):
  tolk translate:  java -jar cli/target/tolk.jar translate --model M --input lines.txt --output F --threads N
                       --precision P
  Spark job:       java <Spark's JVM flags> -cp spark/target/tolk-spark.jar:<Spark's jars> dev.tolk.spark.TolkSparkJob
                       translate --master local[N] --model M --input lines.txt --output DIR --precision P --json
for N in --cores (default 1 2), checks that the Spark job wrote the CLI's bytes, and reports per configuration the
wall time of the whole command (JVM start to exit: what a user waits for) and, for Spark, the job alone (reading to
written output, without the session's start-up), as sentences per second; the overhead of Spark at the same core
count is cli_rate / spark_rate - 1. Then the cluster arithmetic from the local[1] job rate. Writes a Markdown
report to bench/results/spark-PRESET.md and the raw runs to bench/results/spark-PRESET.jsonl (with --precision
bf16 or int8: spark-PRESET-PRECISION.*).

The model is quickstart's attention GRU (word tokens, beam 5) with 256 units (--preset attn-256, default; the size
of the bench seq2seq attn-256 preset) or quickstart's 128 (--preset quickstart), trained once into the work
directory (--train-steps updates) on the bundled corpus; the lines are the English side of a generated corpus with
another seed, so none is a training sentence.

Usage (build first: mvn -B -ntp -DskipTests package -pl cli,spark -am; on a shared machine run it under the
build lock, e.g. /work/bin/heavy):
  /usr/bin/python3 bench/spark_translate.py [--lines 10000] [--cores 1 2] [--repeats 2] [--work DIR]
                                            [--preset attn-256|quickstart] [--model M] [--precision fp32|bf16|int8]
"""
import argparse
import csv
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLI_JAR = os.path.join(REPO, "cli", "target", "tolk.jar")
SPARK_JAR = os.path.join(REPO, "spark", "target", "tolk-spark.jar")
SPARK_CP = os.path.join(REPO, "spark", "target", "spark-classpath.txt")
SPARK_FLAGS = os.path.join(REPO, "spark", "target", "classes", "dev", "tolk", "spark", "jvm-flags.txt")
LOG4J = os.path.join(REPO, "spark", "conf", "log4j2.properties")
JAVA_OPTS = ["-Xmx4g", "-XX:+UseParallelGC"]


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def run(cmd, **kw):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit("failed (%d): %s\n%s" % (p.returncode, " ".join(cmd), p.stderr[-3000:]))
    return wall, p.stdout


# Quickstart's synthetic settings (seq2seq Quickstart.SYNTHETIC_SETTINGS), with the model's sizes per preset.
PRESETS = {"quickstart": 128, "attn-256": 256}
SETTINGS = ["data.tokenizer=word", "data.shared_vocab=true", "model.embedding_dropout=0.1",
            "model.hidden_dropout=0.0", "model.output_dropout=0.1", "model.label_smoothing=0.1",
            "train.batch_tokens=1600", "train.lr=0.003", "train.validate_every=100", "train.checkpoint_every=100",
            "train.keep_checkpoints=1", "train.best_metric=bleu", "train.seed=1", "train.threads=1",
            "decode.beam_size=5"]


def prepare(work, lines, model, preset, steps):
    os.makedirs(work, exist_ok=True)
    if model is None:
        model = os.path.join(work, "model-" + preset)
        if not os.path.exists(os.path.join(model, "model.tolk")):
            corpus = os.path.join(work, "train-corpus")
            if not os.path.exists(os.path.join(corpus, "train.csv")):
                run(["java"] + JAVA_OPTS + ["-jar", CLI_JAR, "corpus", "generate", "--out", corpus, "--pairs", "13000",
                                            "--seed", "1"])
            size = PRESETS[preset]
            print("training the %s model (%d updates)..." % (preset, steps), file=sys.stderr)
            cmd = ["java"] + JAVA_OPTS + ["-jar", CLI_JAR, "train", "--train", os.path.join(corpus, "train.csv"),
                                          "--valid", os.path.join(corpus, "valid.csv"), "--model-dir", model]
            for kv in SETTINGS + ["model.embedding_size=%d" % size, "model.hidden_size=%d" % size,
                                  "train.max_steps=%d" % steps]:
                cmd += ["--set", kv]
            run(cmd)
    text = os.path.join(work, "lines-%d.txt" % lines)
    if not os.path.exists(text):
        corpus = os.path.join(work, "corpus")
        pairs = max(13000, lines * 13 // 12 + 1000)
        run(["java"] + JAVA_OPTS + ["-jar", CLI_JAR, "corpus", "generate", "--out", corpus,
                                    "--pairs", str(pairs), "--seed", "7"])
        with open(os.path.join(corpus, "train.csv"), newline="", encoding="utf-8") as f:
            sources = [r["source"] for r in csv.DictReader(f)][:lines]
        if len(sources) < lines:
            sys.exit("the generated corpus has only %d sentences" % len(sources))
        with open(text, "w", encoding="utf-8") as f:
            f.writelines(s + "\n" for s in sources)
    return model, text


def cli_run(model, text, work, n, precision):
    out = os.path.join(work, "cli-%d.txt" % n)
    wall, _ = run(["java"] + JAVA_OPTS + ["-jar", CLI_JAR, "translate", "--model", model, "--input", text,
                                          "--output", out, "--threads", str(n), "--precision", precision])
    with open(out, "rb") as f:
        return wall, None, f.read()


def spark_run(model, text, work, n, precision):
    out = os.path.join(work, "spark-%d" % n)
    shutil.rmtree(out, ignore_errors=True)
    with open(SPARK_FLAGS) as f:
        flags = f.read().split()
    with open(SPARK_CP) as f:
        cp = SPARK_JAR + ":" + f.read().strip()
    wall, stdout = run(["java"] + JAVA_OPTS + flags + ["-Dlog4j2.configurationFile=" + LOG4J, "-cp", cp,
                                                       "dev.tolk.spark.TolkSparkJob", "translate", "--master",
                                                       "local[%d]" % n, "--model", model, "--input", text,
                                                       "--output", out, "--precision", precision, "--json"])
    summary = json.loads(stdout.strip().splitlines()[-1])
    data = b""
    for name in sorted(os.listdir(out)):
        if name.startswith("part-"):
            with open(os.path.join(out, name), "rb") as f:
                data += f.read()
    return wall, summary, data


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", type=int, default=10000)
    ap.add_argument("--cores", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--work", default="/tmp/tolk-spark-bench")
    ap.add_argument("--model", help="a trained model (default: the --preset model, trained into --work)")
    ap.add_argument("--preset", choices=sorted(PRESETS), default="attn-256",
                    help="quickstart's attention GRU with 128 or 256 units (default: attn-256)")
    ap.add_argument("--train-steps", type=int, default=400)
    ap.add_argument("--precision", choices=["fp32", "bf16", "int8"], default="fp32",
                    help="the matrix products' number format, for both (default: fp32)")
    a = ap.parse_args()
    for f in (CLI_JAR, SPARK_JAR, SPARK_CP, SPARK_FLAGS):
        if not os.path.exists(f):
            sys.exit("missing %s; build first: mvn -B -ntp -DskipTests package -pl cli,spark -am" % f)
    model, text = prepare(a.work, a.lines, a.model, a.preset, a.train_steps)
    runs = []
    start = datetime.datetime.now(datetime.timezone.utc)
    load_start = loadavg()
    reference = {}
    for rep in range(a.repeats):
        for n in a.cores:
            for kind, fn in (("tolk translate", cli_run), ("spark", spark_run)):
                load = loadavg()
                wall, summary, data = fn(model, text, a.work, n, a.precision)
                differ = 0
                if kind == "tolk translate":
                    reference[n] = data
                elif data != reference[n]:
                    # int8's activation scale is its batch's: Spark's tasks batch other neighbours than the CLI
                    differ = sum(x != y for x, y in zip(data.split(b"\n"), reference[n].split(b"\n")))
                    if a.precision != "int8" or data.count(b"\n") != reference[n].count(b"\n"):
                        sys.exit("the Spark job's output differs from tolk translate's (%d cores)" % n)
                r = {"kind": kind, "cores": n, "repeat": rep, "precision": a.precision, "lines": a.lines,
                     "wall_s": round(wall, 3),
                     "wall_sent_per_s": round(a.lines / wall, 2), "load": load}
                if kind == "spark":
                    r["lines_differing_from_cli"] = differ
                if summary:
                    r.update({"job_s": round(summary["seconds"], 3),
                              "job_sent_per_s": round(summary["records_per_second"], 2),
                              "translate_s": round(summary["translate_seconds"], 3),
                              "translate_sent_per_s": round(a.lines / summary["translate_seconds"], 2),
                              "partitions": summary["partitions"]})
                runs.append(r)
                print(json.dumps(r), file=sys.stderr)
    same = all(reference[n] == reference[a.cores[0]] for n in a.cores)

    def med(kind, n, key):
        return statistics.median(r[key] for r in runs if r["kind"] == kind and r["cores"] == n)

    rows = []
    for n in a.cores:
        cli = med("tolk translate", n, "wall_sent_per_s")
        sw = med("spark", n, "wall_sent_per_s")
        sj = med("spark", n, "job_sent_per_s")
        st = med("spark", n, "translate_sent_per_s")
        rows.append((n, cli, sw, sj, st, cli / sw - 1, cli / sj - 1, cli / st - 1))
    per_core = med("spark", a.cores[0], "translate_sent_per_s") / a.cores[0]
    lines = ["# Tolk on Spark vs tolk translate", "",
             "Measured %s on %d CPUs, %s, load average %.2f at start, %.2f at end." % (
                 start.strftime("%Y-%m-%d %H:%M UTC"), os.cpu_count(), cpu_model(), load_start, loadavg()),
             "Java: %s; Spark: local mode, spark.task.cpus = 1. Model: %s (%s); %d lines, beam 5, %s products." % (
                 subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0],
                 model, a.model and "given" or a.preset + ", %d updates" % a.train_steps, a.lines, a.precision),
             "Command: `/usr/bin/python3 bench/spark_translate.py %s`" % " ".join(sys.argv[1:]),
             ("Translations: the Spark job wrote the bytes of `tolk translate` in every run%s." % (
                 "; the same on every core count" if same else "")) if not any(
                 r.get("lines_differing_from_cli") for r in runs) else (
                 "Translations: the Spark job wrote as many lines as `tolk translate`; %s of %d differ from the CLI's "
                 "in the runs (int8: a product's activation scale is its batch's, and Spark's tasks batch other "
                 "neighbours)." % ("–".join(sorted({str(r["lines_differing_from_cli"]) for r in runs
                                                       if r["kind"] == "spark"})), a.lines)),
             "",
             "| cores | tolk translate sent/s | Spark sent/s: whole command | job | translation stage "
             "| Spark overhead: whole command | job | translation stage |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, cli, sw, sj, st, ow, oj, ot in rows:
        lines.append("| %d | %.1f | %.1f | %.1f | %.1f | %+.1f%% | %+.1f%% | %+.1f%% |" % (
            n, cli, sw, sj, st, 100 * ow, 100 * oj, 100 * ot))
    lines += ["", "Medians of %d repeats; overhead = tolk translate's rate / Spark's rate - 1 at the same core count "
                  "(negative: Spark is faster). tolk translate: the whole command (JVM start, model load, "
                  "translation). Spark: the whole command (JVM and Spark start-up included); the job (from the "
                  "model check to the written output); its translation stage (translating and writing, which "
                  "grows with the input, while the rest is a fixed few seconds)." % a.repeats, "",
              "Cluster arithmetic (from the local[%d] translation stage, %.1f sentences/s per core, assuming executors' cores "
              "as fast as these and linear scaling, which translation allows: tasks share nothing):" % (
                  a.cores[0], per_core), ""]
    for executors, cores in ((10, 1), (100, 1), (10, 4), (100, 4)):
        lines.append("- %d executors x %d core%s: %s lines/hour" % (
            executors, cores, "s" if cores > 1 else "", format(round(per_core * 3600 * executors * cores), ",")))
    report = "\n".join(lines) + "\n"
    print(report)
    os.makedirs(os.path.join(REPO, "bench", "results"), exist_ok=True)
    name = (a.preset if not a.model else "latest") + ("" if a.precision == "fp32" else "-" + a.precision)
    with open(os.path.join(REPO, "bench", "results", "spark-%s.md" % name), "w") as f:
        f.write(report)
    with open(os.path.join(REPO, "bench", "results", "spark-%s.jsonl" % name), "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in runs)


if __name__ == "__main__":
    main()
