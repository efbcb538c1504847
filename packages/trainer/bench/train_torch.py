#!/usr/bin/env python3
"""PyTorch CPU reference for train.bench.mjs: the same training step as hbt's trainer.

transformers.BertModel from scratch (vocab, hidden, layers, heads as the bench config; intermediate 4 x
hidden; dropout 0.1), mean pooling over the attention mask, L2 normalisation, InfoNCE with in-batch
negatives at scale 20 (tau 0.05), clip_grad_norm_(1.0), torch.optim.AdamW(lr 5e-4, weight decay 0.01
except biases and LayerNorm, fused=True: torch's fastest AdamW on CPU), linear warmup/decay. Random token ids of exactly `seq` tokens. Prints one
JSON line per config: {"name", "update", "threads", "steps", "s_per_step"} (median of the timed steps
after one warm-up step). Every config runs twice: update "dense", and "lazy": the word embedding has sparse
gradients (nn.Embedding(sparse=True)) and is updated by torch.optim.SparseAdam (only the rows used, as
hbt's lazy update; SparseAdam has no weight decay), the other parameters by AdamW. Exits 1 with a message on stderr when torch or transformers does not import.

Objectives (--objectives simcse,distill,mix): then the small config once more per objective, dense AdamW,
with hbt's objective written in PyTorch: simcse = (CE(20 cos(q, q')) + CE(20 cos(p, p'))) / 2 with a
second dropout pass q', p'; distill = MSE(s(q), t) + MSE(s(p), t) with fixed random unit teacher vectors;
mix = infonce + 0.5 simcse + 0.25 distill. Their JSON lines carry "objective".

Usage: python3 train_torch.py --threads 1 --steps 4 --configs small,base,mbert --objectives simcse,distill
"""

import argparse
import json
import statistics
import sys
import time

CONFIGS = {
    "small": dict(vocab=30_000, hidden=128, layers=2, heads=4, seq=32, batch=32),
    "base": dict(vocab=30_000, hidden=256, layers=4, heads=4, seq=64, batch=32),
    "mbert": dict(vocab=119_547, hidden=128, layers=2, heads=4, seq=32, batch=32),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=4)
    ap.add_argument("--configs", default="small,base,mbert")
    ap.add_argument("--objectives", default="")
    a = ap.parse_args()
    try:
        import torch
        from transformers import BertConfig, BertModel
    except Exception as e:  # noqa: BLE001 - report any import failure
        print(f"torch/transformers not importable ({e.__class__.__name__}: {e})", file=sys.stderr)
        sys.exit(1)
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    runs = [(n, u, "infonce") for n in a.configs.split(",") for u in ("dense", "lazy")]
    runs += [("small", "dense", o) for o in a.objectives.split(",") if o]
    for name, update, objective in runs:
        c = CONFIGS[name]
        cfg = BertConfig(vocab_size=c["vocab"], hidden_size=c["hidden"], num_hidden_layers=c["layers"],
                         num_attention_heads=c["heads"], intermediate_size=4 * c["hidden"],
                         max_position_embeddings=512, hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1)
        model = BertModel(cfg, add_pooling_layer=False)
        model.train()
        lazy = update == "lazy"
        if lazy:
            old = model.embeddings.word_embeddings
            model.embeddings.word_embeddings = torch.nn.Embedding(c["vocab"], c["hidden"], sparse=True)
            model.embeddings.word_embeddings.weight.data.copy_(old.weight.data)
        word = model.embeddings.word_embeddings.weight
        nd = lambda n: n.endswith(".bias") or "LayerNorm" in n
        params = [(n, p) for n, p in model.named_parameters() if not (lazy and p is word)]
        # Dense: the fused AdamW kernel (torch's fastest AdamW on CPU), the update hbt's default computes.
        opts = [torch.optim.AdamW([
            {"params": [p for n, p in params if not nd(n)], "weight_decay": 0.01},
            {"params": [p for n, p in params if nd(n)], "weight_decay": 0.0},
        ], lr=5e-4, fused=True)]
        if lazy:
            opts.append(torch.optim.SparseAdam([word], lr=5e-4))
        opt = opts[0]
        total = a.steps + 1
        warm = max(1, round(0.1 * total))
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: (s + 1) / warm if s < warm else max(0.0, (total - s) / max(1, total - warm)))
        b, t = c["batch"], c["seq"]

        def embed(ids):
            mask = torch.ones_like(ids)
            h = model(input_ids=ids, attention_mask=mask).last_hidden_state
            m = mask.unsqueeze(-1).float()
            return torch.nn.functional.normalize((h * m).sum(1) / m.sum(1), dim=-1)

        ce = lambda x, y: torch.nn.functional.cross_entropy(20.0 * x @ y.T, torch.arange(b))
        mse = torch.nn.functional.mse_loss

        def objective_loss(q, p, teacher):
            eq, ep = embed(q), embed(p)
            terms = {
                "infonce": lambda: ce(eq, ep),
                "simcse": lambda: (ce(eq, embed(q)) + ce(ep, embed(p))) / 2,
                "distill": lambda: mse(eq, teacher) + mse(ep, teacher),
            }
            if objective == "mix":
                return terms["infonce"]() + 0.5 * terms["simcse"]() + 0.25 * terms["distill"]()
            return terms[objective]()

        times = []
        for step in range(total):
            q = torch.randint(5, c["vocab"], (b, t))
            p = torch.randint(5, c["vocab"], (b, t))
            teacher = torch.nn.functional.normalize(torch.randn(b, c["hidden"]), dim=-1)
            t0 = time.perf_counter()
            loss = objective_loss(q, p, teacher)
            for o in opts:
                o.zero_grad()
            loss.backward()
            if lazy:  # clip_grad_norm_ does not take sparse gradients: the same global norm by hand
                grads = [p.grad for _, p in params if p.grad is not None]
                sq = sum(g.pow(2).sum() for g in grads) + word.grad.coalesce()._values().pow(2).sum()
                coef = min(1.0, 1.0 / (float(sq.sqrt()) + 1e-6))
                for g in [*grads, word.grad]:
                    g.mul_(coef)
            else:
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            for o in opts:
                o.step()
            sched.step()
            times.append(time.perf_counter() - t0)
        timed = times[1:]
        print(json.dumps({"name": name, "update": update, "objective": objective, "threads": a.threads,
                          "steps": len(timed),
                          "s_per_step": statistics.median(timed)}), flush=True)


if __name__ == "__main__":
    main()
