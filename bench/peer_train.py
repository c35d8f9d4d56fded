#!/usr/bin/python3
"""Train the PyTorch peer on a real parallel corpus for a fixed wall-clock budget, then translate a test set.

The peer (../shared/peer/torch_seq2seq.py) only measures speed; this script gives it a real training run so its
translation quality can be compared with Tolk's trained for the same wall-clock time on the same machine:

  - model: the peer's own Bahdanau attention GRU (bidirectional encoder, additive attention, `--impl fast`);
  - data: the peer's own reader (`load_csv`: lower-cased, whitespace tokens; vocabulary of tokens seen at least
    twice in the training part), source = column `source`, target = column `target` (`--swap` exchanges them);
  - training: shuffled batches of `--batch` pairs, Adam (`--lr`), cross-entropy ignoring padding, gradient
    clipping at norm 1.0, dropout `--dropout`; every `--validate-every` updates the validation loss is computed and
    the best weights (lowest validation loss) are kept; training stops when `--minutes` of wall-clock time have
    passed (decoding time is not counted);
  - decoding: the best weights, beam search (`--beam`, the peer's length-normalised `beam_decode`), batches of 64,
    at most 2 x source length + 10 tokens; hypotheses are written one per line, tokens joined by spaces.

Score with Tolk (`tolk eval bleu --lowercase`, `tolk eval chrf --lowercase`) against the references: the peer's
output is lower-cased, so lower-cased scores are the fair comparison.

Usage:
  /usr/bin/python3 bench/peer_train.py --train T/train.csv --valid T/valid.csv --test T/test.csv \
      --minutes 60 --threads 2 --hyp peer.hyp [--emb 256 --hid 512 --batch 64] [--json]
Prints one JSON line (steps, epochs, tokens/s, best validation loss and perplexity, parameters, times).
"""
import argparse
import importlib.util
import json
import math
import os
import random
import resource
import time

import torch
import torch.nn as nn

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEER = os.path.normpath(os.path.join(REPO, "..", "shared", "peer", "torch_seq2seq.py"))


def load_peer(path):
    spec = importlib.util.spec_from_file_location("torch_seq2seq", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def batches(pairs, size):
    for i in range(0, len(pairs), size):
        yield pairs[i:i + size]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--train", required=True)
    p.add_argument("--valid", required=True)
    p.add_argument("--test", required=True)
    p.add_argument("--swap", action="store_true", help="translate the target column into the source column")
    p.add_argument("--minutes", type=float, default=60.0, help="wall-clock training budget")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--emb", type=int, default=256)
    p.add_argument("--hid", type=int, default=512, help="decoder hidden size")
    p.add_argument("--enc-hid", type=int, default=None, help="encoder hidden size per direction (default --hid)")
    p.add_argument("--dropout", type=float, default=0.5)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--validate-every", type=int, default=500)
    p.add_argument("--beam", type=int, default=5)
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--hyp", required=True, help="output file: test translations, one per line")
    p.add_argument("--peer", default=PEER, help="path of torch_seq2seq.py")
    a = p.parse_args()

    peer = load_peer(a.peer)
    torch.set_num_threads(a.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    torch.manual_seed(a.seed)
    random.seed(a.seed)

    def read(path):
        pairs = peer.load_csv(path)
        return [(y, x) for x, y in pairs] if a.swap else pairs

    train, valid, test = read(a.train), read(a.valid), read(a.test)
    sv, _ = peer.build_vocab([s for s, _ in train])
    tv, titos = peer.build_vocab([y for _, y in train])
    model = peer.BahdanauSeq2Seq(len(sv), len(tv), a.emb, a.enc_hid or a.hid, a.hid, a.dropout, "fast")
    params = sum(x.numel() for x in model.parameters())
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    crit = nn.CrossEntropyLoss(ignore_index=peer.PAD, reduction="sum")

    def valid_loss():
        model.eval()
        total, count = 0.0, 0
        with torch.no_grad():
            for b in batches(valid, 64):
                src, src_len, tgt_in, tgt_out = peer.make_batch(b, sv, tv)
                logits = model(src, src_len, tgt_in)
                total += float(crit(logits.reshape(-1, logits.shape[-1]), tgt_out.reshape(-1)))
                count += int((tgt_out != peer.PAD).sum())
        model.train()
        return total / count

    order = list(range(len(train)))
    random.shuffle(order)
    cursor, epoch, steps, tokens = 0, 1, 0, 0
    budget = a.minutes * 60.0
    train_time = 0.0
    best, best_state = math.inf, None
    model.train()
    while train_time < budget:
        if cursor + a.batch > len(order):
            random.shuffle(order)
            cursor, epoch = 0, epoch + 1
        sel = [train[i] for i in order[cursor:cursor + a.batch]]
        cursor += a.batch
        t0 = time.perf_counter()
        src, src_len, tgt_in, tgt_out = peer.make_batch(sel, sv, tv)
        opt.zero_grad(set_to_none=True)
        logits = model(src, src_len, tgt_in)
        n = int((tgt_out != peer.PAD).sum())
        loss = crit(logits.reshape(-1, logits.shape[-1]), tgt_out.reshape(-1)) / n
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        steps += 1
        tokens += n
        if steps % a.validate_every == 0:
            v = valid_loss()  # counted in the budget: Tolk's validations are too
            if v < best:
                best = v
                best_state = {k: t.detach().clone() for k, t in model.state_dict().items()}
        train_time += time.perf_counter() - t0
    v = valid_loss()
    if v < best or best_state is None:
        best, best_state = v, {k: t.detach().clone() for k, t in model.state_dict().items()}
    model.load_state_dict(best_state)
    model.eval()

    t0 = time.perf_counter()
    lines = []
    for b in batches(test, 64):
        src, src_len, _, _ = peer.make_batch(b, sv, tv)
        max_len = 2 * int(src.shape[0]) + 10
        for ids in peer.beam_decode(model, src, src_len, max_len, False, K=a.beam):
            words = [titos[i] for i in ids if i not in (peer.PAD, peer.SOS, peer.EOS)]
            lines.append(" ".join(words))
    decode_time = time.perf_counter() - t0
    tmp = a.hyp + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.writelines(line + "\n" for line in lines)
    os.replace(tmp, a.hyp)
    print(json.dumps({
        "system": "pytorch-peer", "torch": torch.__version__, "threads": torch.get_num_threads(),
        "params": params, "src_vocab": len(sv), "tgt_vocab": len(tv),
        "train_minutes": round(train_time / 60, 2), "steps": steps, "epochs": epoch,
        "train_tokens_per_sec": round(tokens / train_time, 1),
        "best_valid_loss": round(best, 4), "best_valid_ppl": round(math.exp(best), 3),
        "test_sentences": len(lines), "decode_seconds": round(decode_time, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


if __name__ == "__main__":
    main()
