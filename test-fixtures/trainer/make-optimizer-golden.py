#!/usr/bin/env python3
"""Golden values for the optimizer test of @hbt/trainer (test/optimizer-golden.test.ts), computed with
PyTorch + transformers only (never with hbt).

Twelve training steps of test-fixtures/models/tiny-mbert (dropout 0) whose batches use different parts
of the vocabulary: steps 1-4 Latin-script texts, steps 5-8 Cyrillic, Greek and Arabic ones, steps 9-12
CJK, Hangul, Thai and Devanagari ones. A word-embedding row used early and never again keeps moving under
torch.optim.AdamW (its moments are not zero, and every row decays every step), and stands still under a
lazy update, so after twelve steps the two optimizers give visibly different weights.
  - mean pooling over the attention mask, L2 normalisation; InfoNCE query -> passage (not symmetric),
    scores = 20 * cos; in-batch negatives;
  - torch.nn.utils.clip_grad_norm_(max_norm=1.0);
  - torch.optim.AdamW(lr=2e-3, betas=(0.9, 0.999), eps=1e-6, fused=False) with weight decay 0.01 on every
    parameter except biases and LayerNorm; dense gradients (the default nn.Embedding);
  - LambdaLR: warmup 2 steps, then linear decay to 0 at step 12.

Writes test-fixtures/trainer/optimizer-golden.json (texts, token ids, losses, gradient norms, learning
rates, the ids of the rows used only in steps 1-4) and optimizer-golden-final.safetensors (every encoder
parameter after the twelve steps).

Usage: pip install torch transformers safetensors; python3 test-fixtures/trainer/make-optimizer-golden.py
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
LR, WD, EPS, CLIP, SCALE = 2e-3, 0.01, 1e-6, 1.0, 20.0
TOTAL, WARMUP = 12, 2

LATIN = [
    ("Where is the Eiffel Tower located?", "The tower stands in Paris, France."),
    ("Who wrote the novel?", "The novel was written by a young author."),
    ("How tall is the mountain?", "The mountain rises above the valley."),
    ("When did the war end?", "The war ended after many years."),
    ("Der schnelle braune Fuchs", "springt über den faulen Hund."),
    ("¿Dónde está la estación?", "La estación está cerca del río."),
    ("Naïve café owners", "résumé their rôle at the façade."),
    ("Numbers like 3.14 and 2,718", "appear in mathematics books."),
]
MIDDLE = [
    ("Москва — столица России.", "Город стоит на реке."),
    ("Η Αθήνα είναι η πρωτεύουσα", "της Ελλάδας και μεγάλη πόλη."),
    ("ما هي عاصمة المملكة؟", "الرياض هي العاصمة."),
    ("Киев и Минск", "большие города."),
    ("Το σπίτι είναι μεγάλο", "και έχει κήπο."),
    ("القاهرة مدينة كبيرة", "على نهر النيل."),
    ("Зима холодная", "а лето тёплое."),
    ("Ο ήλιος λάμπει", "πάνω από τη θάλασσα."),
]
EAST = [
    ("東京は日本の首都です。", "東京には多くの人が住んでいます。"),
    ("서울은 대한민국의 수도입니다.", "서울에는 강이 있습니다."),
    ("กรุงเทพมหานครเป็นเมืองหลวง", "ของประเทศไทย"),
    ("भारत की राजधानी नई दिल्ली है।", "दिल्ली एक बड़ा शहर है।"),
    ("北京是中华人民共和国的首都。", "北京有很多历史建筑。"),
    ("부산은 항구 도시입니다.", "바다가 아름답습니다."),
    ("京都には古いお寺があります。", "秋の紅葉がきれいです。"),
    ("मुंबई समुद्र के किनारे है।", "यह एक व्यस्त शहर है।"),
]


def batches():
    out = []
    for group in (LATIN, MIDDLE, EAST):
        for s in range(4):
            pairs = [group[(s * 2 + i) % len(group)] for i in range(3)]
            out.append({"queries": [q for q, _ in pairs], "positives": [p for _, p in pairs]})
    return out


def lr_at(s):
    return LR * (s + 1) / WARMUP if s < WARMUP else LR * (TOTAL - s) / (TOTAL - WARMUP)


def load_model(hidden_dropout=0.0, attention_dropout=0.0, **kwargs):
    """tiny-mbert in training mode with its pooler frozen; returns (tokenizer, model, [(name, param)])."""
    tok = AutoTokenizer.from_pretrained(MODEL)
    model = BertModel.from_pretrained(MODEL, hidden_dropout_prob=hidden_dropout,
                                      attention_probs_dropout_prob=attention_dropout, **kwargs)
    model.train()
    named = [(n, p) for n, p in model.named_parameters() if not n.startswith("pooler.")]
    for n, p in model.named_parameters():
        if n.startswith("pooler."):
            p.requires_grad_(False)
    return tok, model, named


def adamw(named, lr, eps, wd):
    """torch.optim.AdamW with weight decay on every parameter except biases and LayerNorm (HF's rule)."""
    no_decay = lambda n: n.endswith(".bias") or "LayerNorm" in n
    return torch.optim.AdamW(
        [
            {"params": [p for n, p in named if not no_decay(n)], "weight_decay": wd},
            {"params": [p for n, p in named if no_decay(n)], "weight_decay": 0.0},
        ],
        lr=lr, betas=(0.9, 0.999), eps=eps, fused=False, foreach=False,
    )


def embed(tok, model, texts, max_len=MAX_LEN):
    """Mean pooling over the attention mask, L2-normalised (hbt's loadModel without modules.json)."""
    enc = tok(texts, padding=True, truncation=True, max_length=max_len, return_tensors="pt")
    h = model(**enc).last_hidden_state
    m = enc["attention_mask"].unsqueeze(-1).float()
    pooled = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, dim=-1), enc["input_ids"].tolist()


def main():
    torch.manual_seed(0)
    tok, model, named = load_model()
    opt = adamw(named, LR, EPS, WD)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: lr_at(s) / LR)

    steps_out = []
    used = []
    for s, b in enumerate(batches()):
        q_texts = ["Query: " + t for t in b["queries"]]
        p_texts = ["Passage: " + t for t in b["positives"]]
        q, q_ids = embed(tok, model, q_texts)
        p, p_ids = embed(tok, model, p_texts)
        used.append({i for row in q_ids + p_ids for i in row})
        loss = torch.nn.functional.cross_entropy(SCALE * q @ p.T, torch.arange(len(q_texts)))
        opt.zero_grad()
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_([p for _, p in named], CLIP)
        lr = opt.param_groups[0]["lr"]
        opt.step()
        sched.step()
        steps_out.append({
            "queries": q_texts, "passages": p_texts, "num_positives": len(q_texts),
            "query_ids": q_ids, "passage_ids": p_ids,
            "loss": loss.item(), "grad_norm": norm.item(), "lr": lr,
        })

    early = set().union(*used[:4]) - set().union(*used[4:])
    OUT.mkdir(parents=True, exist_ok=True)
    meta = {"max_length": MAX_LEN, "lr": LR, "weight_decay": WD, "epsilon": EPS, "clip_norm": CLIP,
            "scale": SCALE, "total": TOTAL, "warmup": WARMUP, "symmetric": False,
            "early_only_rows": sorted(early), "torch": torch.__version__}
    (OUT / "optimizer-golden.json").write_text(
        json.dumps({"meta": meta, "steps": steps_out}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    save_file({n: p.detach().contiguous() for n, p in named}, str(OUT / "optimizer-golden-final.safetensors"))
    print("wrote", OUT / "optimizer-golden.json", "and optimizer-golden-final.safetensors;",
          len(early), "rows used only in steps 1-4")


if __name__ == "__main__":
    main()
