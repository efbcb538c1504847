#!/usr/bin/env python3
"""Golden values for @hbt/trainer's tests, computed with PyTorch + transformers (never with hbt).

Starting from test-fixtures/models/tiny-mbert (BertModel, hidden 32, 2 layers, dropout set to 0), three
training steps of a shared dual encoder:
  - mean pooling over the attention mask, L2 normalisation (what hbt's loadModel does without modules.json);
  - symmetric InfoNCE with hard negatives: scores = 20 * cos(q, [p_1..p_B, n_1..n_K]) with target i,
    plus the passage->query term 20 * cos(p_i, q_j); loss = mean of the two cross-entropies;
  - torch.nn.utils.clip_grad_norm_(max_norm=1.0);
  - torch.optim.AdamW(lr=1e-3, betas=(0.9, 0.999), eps=1e-6) with weight decay 0.01 on every parameter
    except biases and LayerNorm (Hugging Face's no-decay rule);
  - LambdaLR: warmup 1 step, then linear decay: lr * (s + 1) / warmup for s < warmup, else
    lr * (total - s) / (total - warmup).

Writes test-fixtures/trainer/golden-steps.json (texts per step, token ids, losses, gradient norms,
learning rates) and golden-final.safetensors (every encoder parameter after the 3 steps).

Usage: pip install torch transformers safetensors; python3 test-fixtures/trainer/make-golden.py
"""

import json
from pathlib import Path

import torch
from safetensors.torch import save_file
from transformers import AutoTokenizer, BertModel

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "test-fixtures" / "models" / "tiny-mbert"
OUT = ROOT / "test-fixtures" / "trainer"
MAX_LEN = 24
LR, WD, EPS, CLIP, SCALE = 1e-3, 0.01, 1e-6, 1.0, 20.0
TOTAL, WARMUP = 3, 1

STEPS = [
    {
        "queries": ["Where is the Eiffel Tower located?", "Москва — столица России.", "Hello world!"],
        "positives": [
            "The Normans were the people who gave their name to Normandy, a region in France.",
            "東京は日本の首都です。",
            "Hà Nội là thủ đô của Việt Nam.",
        ],
        "negatives": ["北京是中华人民共和国的首都。"],
    },
    {
        "queries": ["¿Dónde está la estación de tren más cercana?", "서울은 대한민국의 수도입니다.",
                    "Numbers like 3.14159, 2,718 and 1e-10 appear.", "ALL CAPS SHOUTING AND MiXeD cAsE"],
        "positives": ["Der schnelle braune Fuchs springt über den faulen Hund.", "भारत की राजधानी नई दिल्ली है।",
                      "İstanbul, Türkiye'nin en kalabalık şehridir.", "Naïve café owners résumé their rôle at the façade."],
        "negatives": ["Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.", "ما هي عاصمة المملكة العربية السعودية؟"],
    },
    {
        "queries": ["Where is the Eiffel Tower located?", "กรุงเทพมหานครเป็นเมืองหลวงของประเทศไทย"],
        "positives": ["Ça coûte 12,50 € — c'est très cher, n'est-ce pas ?", "Москва — столица России."],
        "negatives": [],
    },
]


def lr_at(s):
    return LR * (s + 1) / WARMUP if s < WARMUP else LR * (TOTAL - s) / (TOTAL - WARMUP)


def main():
    torch.manual_seed(0)
    tok = AutoTokenizer.from_pretrained(MODEL)
    model = BertModel.from_pretrained(MODEL, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    model.train()
    named = [(n, p) for n, p in model.named_parameters() if not n.startswith("pooler.")]
    for n, p in model.named_parameters():
        if n.startswith("pooler."):
            p.requires_grad_(False)
    no_decay = lambda n: n.endswith(".bias") or "LayerNorm" in n
    opt = torch.optim.AdamW(
        [
            {"params": [p for n, p in named if not no_decay(n)], "weight_decay": WD},
            {"params": [p for n, p in named if no_decay(n)], "weight_decay": 0.0},
        ],
        lr=LR, betas=(0.9, 0.999), eps=EPS,
    )
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: lr_at(s) / LR)

    def embed(texts):
        enc = tok(texts, padding=True, truncation=True, max_length=MAX_LEN, return_tensors="pt")
        h = model(**enc).last_hidden_state
        m = enc["attention_mask"].unsqueeze(-1).float()
        pooled = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=-1), enc["input_ids"].tolist()

    steps_out = []
    for s, b in enumerate(STEPS):
        q_texts = ["Query: " + t for t in b["queries"]]
        p_texts = ["Passage: " + t for t in b["positives"] + b["negatives"]]
        q, q_ids = embed(q_texts)
        p, p_ids = embed(p_texts)
        n = len(q_texts)
        target = torch.arange(n)
        fwd = torch.nn.functional.cross_entropy(SCALE * q @ p.T, target)
        bwd = torch.nn.functional.cross_entropy(SCALE * p[:n] @ q.T, target)
        loss = (fwd + bwd) / 2
        opt.zero_grad()
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_([p for _, p in named], CLIP)
        lr = opt.param_groups[0]["lr"]
        opt.step()
        sched.step()
        steps_out.append({
            "queries": q_texts, "passages": p_texts, "num_positives": n,
            "query_ids": q_ids, "passage_ids": p_ids,
            "loss": loss.item(), "grad_norm": norm.item(), "lr": lr,
        })

    OUT.mkdir(parents=True, exist_ok=True)
    meta = {"max_length": MAX_LEN, "lr": LR, "weight_decay": WD, "epsilon": EPS, "clip_norm": CLIP,
            "scale": SCALE, "total": TOTAL, "warmup": WARMUP, "symmetric": True,
            "torch": torch.__version__}
    (OUT / "golden-steps.json").write_text(
        json.dumps({"meta": meta, "steps": steps_out}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    save_file({n: p.detach().contiguous() for n, p in named}, str(OUT / "golden-final.safetensors"))
    print("wrote", OUT / "golden-steps.json", "and golden-final.safetensors")


if __name__ == "__main__":
    main()
