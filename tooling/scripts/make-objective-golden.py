#!/usr/bin/env python3
"""Golden values for the objective tests of @hbt/trainer (src/objectives/objective-golden.test.ts),
computed with PyTorch + transformers only (never with hbt).

Three runs of three training steps each on test-fixtures/models/tiny-mbert (mean pooling, L2
normalisation; clip_grad_norm_(1.0); torch.optim.AdamW lr 1e-3, eps 1e-6, decay 0.01 except biases and
LayerNorm; warmup 1 step then linear decay — the model, optimizer and embedding helpers of
test-fixtures/trainer/make-optimizer-golden.py, imported, not copied):

  simcse   unsupervised SimCSE, tau 0.05: L = (CE(20 cos(q, q')) + CE(20 cos(p, p'))) / 2 over the B
           queries and the B positives, each side against its own second pass (hard negatives unused);
           hidden and attention dropout 0.1.
  distill  Reimers & Gurevych 2020: MSE(s(q), t(src)) + MSE(s(p), t(src)) over the pairs with exactly one
           side in the source languages (["en"]); torch's MSELoss (mean over rows and dims); teacher
           vectors are fixed random unit vectors (numpy seed 0); dropout 0.
  mix      1 * InfoNCE (query -> passage, scale 20, hard negatives) + 0.5 * SimCSE + 0.25 * distill,
           dropout 0.1.

Dropout: this script draws every mask (torch.Generator seeded per run, step, view) and applies it in
the model — hidden dropout by replacing BertModel's nn.Dropout modules, attention-probability dropout by
replacing transformers' eager attention function — and writes the masks in hbt's layout and site order
(per view: embeddings [b*t, H]; per layer: attention probabilities [b, heads, t, t], attention output
[b*t, H], feed-forward output [b*t, H]). The tests feed the same masks to hbt's eager and graph steps.
Views: q (queries), p (positives, then hard negatives), q2 and p2 (SimCSE's second passes over the
queries and the positives).

Writes test-fixtures/trainer/objective-golden.json (per run: texts, pairs, teacher vectors, token ids,
losses, gradient norms, learning rates), objective-golden-masks.safetensors ("<run>/<step>/<view>/<site>")
and objective-golden-final.safetensors ("<run>/<parameter>" after the three steps).

Usage: python3 tooling/scripts/make-objective-golden.py   (torch, transformers, safetensors, numpy)
"""

import importlib.util
import json
from pathlib import Path

import numpy as np
import torch
import transformers.models.bert.modeling_bert as modeling_bert
from safetensors.torch import save_file

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "test-fixtures" / "trainer"
_spec = importlib.util.spec_from_file_location("optgolden", OUT / "make-optimizer-golden.py")
H = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(H)

MAX_LEN = 24
LR, WD, EPS, CLIP = 1e-3, 0.01, 1e-6, 1.0
TOTAL, WARMUP = 3, 1
DROPOUT = 0.1
SOURCE_LANGUAGES = ["en"]
DIM = 32  # tiny-mbert's hidden size (no dense head)

# (query, query_lang, positive, positive_lang); each step has a hard negative; the second pair of step 1
# has both sides in English (skipped by distill) and the last pair of step 2 has the source as positive.
STEPS = [
    {
        "pairs": [
            ("Where is the Eiffel Tower located?", "en", "Der Eiffelturm steht in Paris.", "de"),
            ("Who wrote the novel?", "en", "The novel was written by a young author.", "en"),
            ("How tall is the mountain?", "en", "Wie hoch ist der Berg?", "de"),
        ],
        "negatives": ["北京是中华人民共和国的首都。"],
    },
    {
        "pairs": [
            ("When did the war end?", "en", "¿Cuándo terminó la guerra?", "es"),
            ("The station is near the river.", "en", "La estación está cerca del río.", "es"),
            ("Москва — столица России.", "ru", "Moscow is the capital of Russia.", "en"),
        ],
        "negatives": ["Η Αθήνα είναι η πρωτεύουσα της Ελλάδας."],
    },
    {
        "pairs": [
            ("Numbers like 3.14 appear in books.", "en", "Zahlen wie 3,14 stehen in Büchern.", "de"),
            ("Tokyo is the capital of Japan.", "en", "東京は日本の首都です。", "ja"),
            ("Seoul has a river.", "en", "서울에는 강이 있습니다.", "ko"),
        ],
        "negatives": ["ما هي عاصمة المملكة؟"],
    },
]

RUNS = {
    "simcse": {"terms": [("simcse", 1.0)], "dropout": DROPOUT},
    "distill": {"terms": [("distill", 1.0)], "dropout": 0.0},
    "mix": {"terms": [("infonce", 1.0), ("simcse", 0.5), ("distill", 0.25)], "dropout": DROPOUT},
}
VIEWS = ["q", "p", "q2", "p2"]


class Masks:
    """The masks of the pass being run, consumed in site order by the dropout sites below."""

    queue: list = []
    drawn: list = []
    gen = None
    rate = 0.0

    @classmethod
    def take(cls, shape_hbt, shape_torch):
        if cls.rate == 0.0:
            return None
        keep = torch.full(shape_hbt, 1.0 / (1.0 - cls.rate), dtype=torch.float32)
        m = (torch.rand(shape_hbt, generator=cls.gen) >= cls.rate).float() * keep
        cls.drawn.append(m)
        return m.reshape(shape_torch)


class FedDropout(torch.nn.Module):
    """Hidden dropout with a drawn mask (hbt's layout [b*t, H])."""

    def forward(self, x):
        b, t, h = x.shape
        m = Masks.take([b * t, h], [b, t, h])
        return x if m is None else x * m


def fed_attention(module, query, key, value, attention_mask, scaling=None, dropout=0.0, **kwargs):
    """transformers' eager attention with the probabilities' dropout mask drawn here."""
    if scaling is None:
        scaling = query.size(-1) ** -0.5
    w = torch.matmul(query, key.transpose(2, 3)) * scaling
    if attention_mask is not None:
        w = w + attention_mask
    w = torch.nn.functional.softmax(w, dim=-1)
    m = Masks.take(list(w.shape), list(w.shape)) if module.training else None
    if m is not None:
        w = w * m
    out = torch.matmul(w, value).transpose(1, 2).contiguous()
    return out, w


def teacher_vectors(texts):
    rng = np.random.default_rng(0)
    out = {}
    for t in sorted(texts):
        v = rng.standard_normal(DIM).astype(np.float32)
        out[t] = (v / np.linalg.norm(v)).astype(np.float32)
    return out


def source_text(pair):
    q, ql, p, pl = pair
    qs, ps = ql in SOURCE_LANGUAGES, pl in SOURCE_LANGUAGES
    if qs == ps:
        return None
    return q if qs else p


def lr_at(s):
    return LR * (s + 1) / WARMUP if s < WARMUP else LR * (TOTAL - s) / (TOTAL - WARMUP)


def run(name, spec, teacher, masks_out, final_out):
    torch.manual_seed(0)
    rate = spec["dropout"]
    tok, model, named = H.load_model(rate, rate, attn_implementation="eager")
    model.embeddings.dropout = FedDropout()
    for layer in model.encoder.layer:
        layer.attention.output.dropout = FedDropout()
        layer.output.dropout = FedDropout()
    modeling_bert.eager_attention_forward = fed_attention
    opt = H.adamw(named, LR, EPS, WD)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: lr_at(s) / LR)
    names = [t for t, _ in spec["terms"]]
    views = [v for v in VIEWS if v in ("q", "p") or "simcse" in names]
    steps = []
    for s, b in enumerate(STEPS):
        pairs = b["pairs"]
        n = len(pairs)
        texts = {
            "q": ["Query: " + q for q, _, _, _ in pairs],
            "p": ["Passage: " + p for _, _, p, _ in pairs] + ["Passage: " + x for x in b["negatives"]],
        }
        texts["q2"] = texts["q"]
        texts["p2"] = texts["p"][:n]
        emb, ids = {}, {}
        for vi, v in enumerate(views):
            Masks.rate = rate
            Masks.gen = torch.Generator().manual_seed(1000 * s + 10 * vi + len(name))
            Masks.drawn = []
            emb[v], ids[v] = H.embed(tok, model, texts[v], MAX_LEN)
            for site, m in enumerate(Masks.drawn):
                masks_out[f"{name}/{s}/{v}/{site}"] = (m > 0).to(torch.uint8).contiguous()
        target = torch.arange(n)
        ce = lambda a, c, scale: torch.nn.functional.cross_entropy(scale * a @ c.T, target)
        loss = 0.0
        for term, weight in spec["terms"]:
            if term == "infonce":
                part = ce(emb["q"], emb["p"], 20.0)
            elif term == "simcse":
                part = (ce(emb["q"], emb["q2"], 20.0) + ce(emb["p"][:n], emb["p2"], 20.0)) / 2
            else:
                rows = [i for i, pr in enumerate(pairs) if source_text(pr) is not None]
                t = torch.tensor(np.stack([teacher[source_text(pairs[i])] for i in rows]))
                mse = torch.nn.functional.mse_loss
                part = mse(emb["q"][rows], t) + mse(emb["p"][:n][rows], t)
            loss = loss + (part if len(spec["terms"]) == 1 else weight * part)
        opt.zero_grad()
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_([p for _, p in named], CLIP)
        lr = opt.param_groups[0]["lr"]
        opt.step()
        sched.step()
        steps.append({
            "queries": texts["q"], "passages": texts["p"], "num_positives": n,
            "pairs": [{"pair_id": f"s{s}-{i}", "query_text": q, "query_lang": ql, "pos_text": p, "pos_lang": pl}
                      for i, (q, ql, p, pl) in enumerate(pairs)],
            "query_ids": ids["q"], "passage_ids": ids["p"],
            "loss": loss.item(), "grad_norm": norm.item(), "lr": lr,
        })
    for n_, p in named:
        final_out[f"{name}/{n_}"] = p.detach().contiguous().clone()
    return {"terms": [{"name": t, "weight": w} for t, w in spec["terms"]], "dropout": rate, "views": views,
            "steps": steps}


def main():
    sources = {source_text(p) for b in STEPS for p in b["pairs"]} - {None}
    teacher = teacher_vectors(sources)
    masks, final = {}, {}
    runs = {name: run(name, spec, teacher, masks, final) for name, spec in RUNS.items()}
    meta = {"max_length": MAX_LEN, "lr": LR, "weight_decay": WD, "epsilon": EPS, "clip_norm": CLIP,
            "scale": 20.0, "total": TOTAL, "warmup": WARMUP, "source_languages": SOURCE_LANGUAGES,
            "simcse_temperature": 0.05, "torch": torch.__version__}
    out = {"meta": meta, "teacher": {t: [float(x) for x in v] for t, v in sorted(teacher.items())}, "runs": runs}
    (OUT / "objective-golden.json").write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    save_file(masks, str(OUT / "objective-golden-masks.safetensors"))
    save_file(final, str(OUT / "objective-golden-final.safetensors"))
    print("wrote objective-golden.json, -masks.safetensors, -final.safetensors:",
          {n: [round(s["loss"], 5) for s in r["steps"]] for n, r in runs.items()})


if __name__ == "__main__":
    main()
