#!/usr/bin/env python3
"""Check that models exported by hbt load in Python and give hbt's embeddings (optional, development only).

For several models — fixture checkpoints re-exported by hbt, and from-scratch models with tokenizers
trained by hbt (WordPiece, Unigram, restricted mBERT vocabulary) — this script:
  1. exports them with @hbt/models (`saveModel`) and records hbt's token ids,
  2. embeds tooling's sentence set with the real CLI (`hbt embed ... --out X.parquet`),
  3. loads each folder with `transformers.AutoTokenizer` / `AutoModel` and
     `sentence_transformers.SentenceTransformer`, and compares: token ids must be equal, embeddings
     within 1e-4 (AutoModel output is pooled and normalised as the folder's modules say).

Needs a build (`pnpm exec turbo run build --filter @hbt/cli...`) and the local pip packages
(`pip install torch transformers sentence-transformers safetensors`).

Usage: python3 tooling/scripts/check-hf-export.py [--keep DIR] [--backend wasm|cpu|tensorflow]
Exit 0 when every check passes, 1 otherwise.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import torch
from sentence_transformers import SentenceTransformer
from transformers import AutoModel, AutoTokenizer

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "test-fixtures" / "models"
TOL = 1e-4

EXPORT_JS = r"""
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend, loadModel, saveModel, createModel, trainWordPiece, trainUnigram, restrictWordPiece,
  readVocabFile } from './packages/models/dist/index.js';
const [out, fixtures, vocabPath, backend] = process.argv.slice(1);
await initBackend(backend);
const texts = JSON.parse(readFileSync(join(fixtures, 'sentences.json'), 'utf8'));
const corpus = [...texts, ...texts.map((t) => t.toLowerCase())];
const cfg = (o) => ({ init: null, tokenizer: { kind: 'wordpiece', vocab_size: 0, restrict_to_training: true, lowercase: false },
  hidden: 32, layers: 2, heads: 4, intermediate: null, max_length: 48, pooling: 'cls', dense: false, dropout: 0.1, ...o });
const models = {
  'labse-reexport': await loadModel(join(fixtures, 'tiny-labse')),
  'xlmr-reexport-mean': await loadModel(join(fixtures, 'tiny-xlmr'), { pooling: 'mean' }),
  'scratch-wordpiece-cls': createModel(cfg({}), trainWordPiece(corpus, { vocabSize: 400 }), 1),
  'scratch-unigram-mean-dense': createModel(cfg({ pooling: 'mean', dense: true }), trainUnigram(corpus, { vocabSize: 500 }), 2),
};
if (vocabPath) models['scratch-mbert-restricted'] = createModel(cfg({ pooling: 'mean' }),
  restrictWordPiece(await readVocabFile(vocabPath), corpus), 3);
const ids = {};
for (const [name, m] of Object.entries(models)) {
  await saveModel(m, join(out, name));
  const b = m.tokenizer.encode(texts, { maxLength: m.maxLength });
  ids[name] = { maxLength: m.maxLength, shape: b.shape, inputIds: Array.from(b.inputIds) };
}
writeFileSync(join(out, 'hbt-ids.json'), JSON.stringify(ids));
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--keep", help="export into this folder and keep it")
    ap.add_argument("--backend", default="wasm")
    args = ap.parse_args()
    out = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="hbt-export-"))
    out.mkdir(parents=True, exist_ok=True)
    data = Path(os.environ.get("HBT_DATA_MIRROR") or ROOT.parent / "shared" / "data")
    vocab = data / "mbert-vocab" / "mbert_modified_vocab.txt"
    subprocess.run(
        ["node", "--input-type=module", "-e", EXPORT_JS, str(out), str(FIXTURES), str(vocab) if vocab.exists() else "", args.backend],
        cwd=ROOT,
        check=True,
    )
    texts = json.loads((FIXTURES / "sentences.json").read_text(encoding="utf-8"))
    inp = out / "texts.jsonl"
    inp.write_text("".join(json.dumps({"id": f"t{i}", "text": t}) + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    hbt_ids = json.loads((out / "hbt-ids.json").read_text())
    failures = 0
    print(f"{'model':28} {'ids':>5} {'ST encode':>11} {'AutoModel':>11}")
    for name, rec in hbt_ids.items():
        d = out / name
        pq_path = out / f"{name}.parquet"
        subprocess.run(
            ["node", str(ROOT / "apps/cli/dist/bin.js"), "embed", "--model", str(d), "--input", str(inp), "--out", str(pq_path), "--backend", args.backend, "--quiet"],
            check=True,
        )
        table = pq.read_table(pq_path).to_pydict()
        assert table["id"] == [f"t{i}" for i in range(len(texts))], "rows not in input order"
        hbt = np.array(table["embedding"], dtype=np.float32)

        tok = AutoTokenizer.from_pretrained(str(d))
        enc = tok(texts, max_length=rec["maxLength"], truncation=True, padding="longest", return_tensors="pt")
        ids_ok = list(enc["input_ids"].shape) == rec["shape"] and enc["input_ids"].flatten().tolist() == rec["inputIds"]

        st = SentenceTransformer(str(d), device="cpu")
        st_emb = st.encode(texts, batch_size=8, convert_to_numpy=True)
        st_diff = float(np.abs(st_emb - hbt).max())

        model = AutoModel.from_pretrained(str(d)).eval()
        with torch.no_grad():
            last = model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"]).last_hidden_state
        modules = json.loads((d / "modules.json").read_text())
        pool_cfg = json.loads((d / "1_Pooling" / "config.json").read_text())
        if pool_cfg.get("pooling_mode_cls_token"):
            pooled = last[:, 0]
        else:
            m = enc["attention_mask"].unsqueeze(-1).float()
            pooled = (last * m).sum(1) / m.sum(1).clamp(min=1e-9)
        for mod in modules:
            if mod["type"].endswith("Dense"):
                from safetensors.torch import load_file

                w = load_file(str(d / mod["path"] / "model.safetensors"))
                pooled = torch.tanh(pooled @ w["linear.weight"].T + w["linear.bias"])
            if mod["type"].endswith("Normalize"):
                pooled = torch.nn.functional.normalize(pooled, dim=-1)
        am_diff = float(np.abs(pooled.numpy() - hbt).max())
        ok = ids_ok and st_diff < TOL and am_diff < TOL
        failures += not ok
        print(f"{name:28} {'equal' if ids_ok else 'DIFF':>5} {st_diff:11.2e} {am_diff:11.2e}  {'ok' if ok else 'FAIL'}")
    print(f"exported folders: {out}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
