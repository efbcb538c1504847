"""PyTorch CPU reference for encode.bench.mjs: same config, prints {"sec": median seconds per batch}."""
import json
import statistics
import sys
import time

import torch
from transformers import BertConfig, BertModel

B, T, REPEATS, THREADS = (int(a) for a in sys.argv[1:5])
torch.set_num_threads(THREADS)
torch.manual_seed(0)
cfg = BertConfig(vocab_size=30000, hidden_size=256, num_hidden_layers=4, num_attention_heads=4, intermediate_size=1024)
model = BertModel(cfg, add_pooling_layer=False).eval()
ids = torch.randint(5, 30000, (B, T))
mask = torch.ones(B, T, dtype=torch.long)


def once():
    t0 = time.perf_counter()
    with torch.inference_mode():
        h = model(input_ids=ids, attention_mask=mask).last_hidden_state
        m = mask.unsqueeze(-1).float()
        torch.nn.functional.normalize((h * m).sum(1) / m.sum(1), dim=-1)
    return time.perf_counter() - t0


once()
print(json.dumps({"sec": statistics.median(once() for _ in range(REPEATS)), "torch": torch.__version__}))
