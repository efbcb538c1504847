#!/usr/bin/env python3
"""Make the tiny model fixtures and golden values that @hbt/models' tests compare against.

Everything here is produced by the reference implementations (PyTorch, `transformers`,
`sentence-transformers`, `sentencepiece`), never by hbt, and committed under test-fixtures/models/:

  golden/mbert-tokenizer.json   ids of the full mBERT vocabulary (cased and uncased) on sentences.json
                                and on the first questions/sentences of each XQuAD-R language
  tiny-mbert/                   BertModel (hidden 32, 2 layers, 4 heads) + a subset of the real mBERT
                                vocabulary (the tokens used on those texts + single characters)
  tiny-mbert-mlm-sharded/       the same encoder inside BertForMaskedLM (`bert.` prefix, `cls.*` head),
                                saved as sharded safetensors with model.safetensors.index.json
  tiny-xlmr/                    XLMRobertaModel + a SentencePiece Unigram tokenizer (nmt_nfkc) trained
                                on those texts, converted to tokenizer.json by transformers
  tiny-labse/                   sentence-transformers: tiny-mbert + CLS pooling + Dense(tanh) + Normalize
  golden/tiny-*.json            token ids, last_hidden_state, CLS and mean pooling from PyTorch;
                                for tiny-labse, SentenceTransformer.encode()

The full mBERT vocabulary (119,547 × 32 floats ≈ 15 MB) is too large for a fixture, so the model
fixtures use a subset vocabulary; the full vocabulary is tested on tokenization only, from the data
mirror. Weights are random (seeded), with biases and LayerNorm parameters perturbed so that every
parameter matters.

Usage (Python packages from the local index):
  pip install torch transformers sentence-transformers safetensors sentencepiece protobuf
  python3 tooling/scripts/make-model-fixtures.py [--data DIR]   # DIR defaults to $HBT_DATA_MIRROR or ../shared/data
"""

import argparse
import json
import os
import shutil
import tempfile
from pathlib import Path

import sentencepiece as spm
import torch
from sentence_transformers import SentenceTransformer, models
from transformers import (
    BertConfig,
    BertForMaskedLM,
    BertModel,
    BertTokenizer,
    XLMRobertaConfig,
    XLMRobertaModel,
    XLMRobertaTokenizer,
)

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "test-fixtures" / "models"
GOLDEN = OUT / "golden"
XQUADR_LANGS = ["ar", "de", "el", "en", "es", "hi", "ru", "th", "tr", "vi", "zh"]
N_XQUADR = 15  # first N questions and first N candidate sentences per language (file order)
MAX_LEN = 24


def xquadr_texts(data: Path, lang: str):
    """First questions and sentences of one XQuAD-R file, in file order (the TS test reads the same)."""
    d = json.loads((data / "xquad-r" / f"{lang}.json").read_text(encoding="utf-8"))
    qs, ss = [], []
    for art in d["data"]:
        for p in art["paragraphs"]:
            qs.extend(q["question"] for q in p["qas"])
            ss.extend(p["sentences"])
    return qs[:N_XQUADR], ss[:N_XQUADR]


def rounded(x, nd=7):
    if isinstance(x, list):
        return [rounded(v, nd) for v in x]
    return float(f"{x:.{nd}g}")


def perturb(model: torch.nn.Module, seed: int, scale: float):
    """Give biases and LayerNorm parameters random values (defaults 0/1 would hide bugs)."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("bias") or "LayerNorm" in name:
                p.add_(torch.randn(p.shape, generator=g) * scale)


def run_encoder(model, tok, texts):
    enc = tok(texts, max_length=MAX_LEN, truncation=True, padding="longest", return_tensors="pt")
    model.eval()
    with torch.no_grad():
        kwargs = {"input_ids": enc["input_ids"], "attention_mask": enc["attention_mask"]}
        last = model(**kwargs).last_hidden_state
    mask = enc["attention_mask"].unsqueeze(-1).float()
    mean = (last * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    return {
        "max_length": MAX_LEN,
        "texts": texts,
        "input_ids": enc["input_ids"].tolist(),
        "attention_mask": enc["attention_mask"].tolist(),
        "last_hidden_state": rounded(last.tolist()),
        "cls": rounded(last[:, 0].tolist()),
        "mean": rounded(mean.tolist()),
    }


def dump(path: Path, obj):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default_data = os.environ.get("HBT_DATA_MIRROR") or str(ROOT.parent / "shared" / "data")
    ap.add_argument("--data", default=default_data)
    args = ap.parse_args()
    data = Path(args.data)
    vocab_path = data / "mbert-vocab" / "mbert_modified_vocab.txt"
    torch.manual_seed(0)

    sentences = json.loads((OUT / "sentences.json").read_text(encoding="utf-8"))
    xq = {lang: xquadr_texts(data, lang) for lang in XQUADR_LANGS}
    all_texts = sentences + [t for q, s in xq.values() for t in q + s]

    # 1. Full mBERT vocabulary: tokenizer goldens (cased and uncased).
    cased = BertTokenizer(vocab=str(vocab_path), do_lower_case=False)
    uncased = BertTokenizer(vocab=str(vocab_path), do_lower_case=True)
    assert len(cased) == 119547, len(cased)
    batch = cased(sentences[:8], max_length=12, truncation=True, padding="longest")
    dump(
        GOLDEN / "mbert-tokenizer.json",
        {
            "n_xquadr": N_XQUADR,
            "cased": {
                "sentences": [cased(t)["input_ids"] for t in sentences],
                "xquadr": {
                    lang: {"questions": [cased(t)["input_ids"] for t in q], "sentences": [cased(t)["input_ids"] for t in s]}
                    for lang, (q, s) in xq.items()
                },
            },
            "uncased": {"sentences": [uncased(t)["input_ids"] for t in sentences]},
            "batch": {"max_length": 12, "input_ids": batch["input_ids"], "attention_mask": batch["attention_mask"]},
        },
    )

    # 2. tiny-mbert: a real-vocabulary subset, random BertModel.
    vocab = vocab_path.read_text(encoding="utf-8").split("\n")
    if vocab[-1] == "":
        vocab.pop()
    used = set()
    for t in all_texts:
        used.update(cased(t)["input_ids"])
    chars = {c for t in all_texts for c in t}
    keep = [
        tok
        for i, tok in enumerate(vocab)
        if i in used or tok in ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]") or tok in chars or (tok.startswith("##") and tok[2:] in chars)
    ]
    tmp = Path(tempfile.mkdtemp())
    (tmp / "vocab.txt").write_text("\n".join(keep) + "\n", encoding="utf-8")
    tok = BertTokenizer(vocab=str(tmp / "vocab.txt"), do_lower_case=False)
    cfg = BertConfig(
        vocab_size=len(keep),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=4,
        intermediate_size=64,
        max_position_embeddings=64,
        initializer_range=0.2,
    )
    torch.manual_seed(1)
    bert = BertModel(cfg, add_pooling_layer=True)
    perturb(bert, 2, 0.1)
    d = OUT / "tiny-mbert"
    shutil.rmtree(d, ignore_errors=True)
    bert.save_pretrained(d)
    tok.save_pretrained(d)
    dump(GOLDEN / "tiny-mbert.json", run_encoder(bert, tok, sentences))

    # 3. The same encoder inside BertForMaskedLM, sharded (`bert.` prefix, extra `cls.*` tensors).
    mlm = BertForMaskedLM(cfg)
    mlm.bert.load_state_dict(bert.state_dict(), strict=False)
    d2 = OUT / "tiny-mbert-mlm-sharded"
    shutil.rmtree(d2, ignore_errors=True)
    mlm.save_pretrained(d2, max_shard_size="150KB")
    tok.save_pretrained(d2)

    # 4. tiny-xlmr: SentencePiece Unigram (nmt_nfkc) trained on the texts, random XLMRobertaModel.
    corpus = tmp / "corpus.txt"
    corpus.write_text("\n".join(t for t in all_texts if t.strip()) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(tmp / "sp"),
        vocab_size=1500,
        model_type="unigram",
        normalization_rule_name="nmt_nfkc",
        character_coverage=1.0,
        hard_vocab_limit=False,
        bos_id=-1,
        eos_id=-1,
        unk_id=0,
        pad_id=-1,
    )
    spdir = tmp / "spdir"
    spdir.mkdir()
    shutil.copy(tmp / "sp.model", spdir / "sentencepiece.bpe.model")
    xtok = XLMRobertaTokenizer.from_pretrained(str(spdir))
    xcfg = XLMRobertaConfig(
        vocab_size=len(xtok),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=4,
        intermediate_size=64,
        max_position_embeddings=66,
        type_vocab_size=1,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        layer_norm_eps=1e-5,
        initializer_range=0.2,
    )
    torch.manual_seed(3)
    xlmr = XLMRobertaModel(xcfg, add_pooling_layer=False)
    perturb(xlmr, 4, 0.1)
    d3 = OUT / "tiny-xlmr"
    shutil.rmtree(d3, ignore_errors=True)
    xlmr.save_pretrained(d3)
    xtok.save_pretrained(d3)
    for f in d3.glob("*.model"):
        f.unlink()  # tokenizer.json is enough (and what hbt reads)
    golden = run_encoder(xlmr, xtok, sentences)
    golden["tokenizer"] = {
        "sentences": [xtok(t)["input_ids"] for t in sentences],
        "xquadr": {lang: {"questions": [xtok(t)["input_ids"] for t in q], "sentences": [xtok(t)["input_ids"] for t in s]} for lang, (q, s) in xq.items()},
    }
    dump(GOLDEN / "tiny-xlmr.json", golden)

    # 5. tiny-labse: sentence-transformers CLS + Dense(tanh) + Normalize over tiny-mbert.
    torch.manual_seed(5)
    transformer = models.Transformer(str(d), max_seq_length=MAX_LEN)
    pooling = models.Pooling(32, pooling_mode="cls")
    dense = models.Dense(32, 32, activation_function=torch.nn.Tanh(), init_weight=None)
    with torch.no_grad():
        dense.linear.weight.normal_(0, 0.3)
        dense.linear.bias.normal_(0, 0.1)
    st = SentenceTransformer(modules=[transformer, pooling, dense, models.Normalize()])
    d4 = OUT / "tiny-labse"
    shutil.rmtree(d4, ignore_errors=True)
    st.save(str(d4), safe_serialization=True)
    (d4 / "README.md").unlink(missing_ok=True)  # a generated model card with versions: not needed
    emb = st.encode(sentences, batch_size=8, convert_to_numpy=True, normalize_embeddings=False)
    dump(GOLDEN / "tiny-labse.json", {"max_length": MAX_LEN, "texts": sentences, "embeddings": rounded(emb.tolist())})

    shutil.rmtree(tmp, ignore_errors=True)
    for p in sorted(OUT.rglob("*")):
        if p.is_file():
            print(f"{p.stat().st_size:>9}  {p.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
