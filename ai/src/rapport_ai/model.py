"""The embedding model at run time: the `tokenizers` tokenizer and an onnxruntime session. No torch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import onnxruntime as ort
from tokenizers import Encoding, Tokenizer

from rapport_ai.cpus import usable_cpus
from rapport_ai.export import DIMENSIONS, MAX_TOKENS, MODEL_NAME, ModelFiles

# Sub-batches are cut so that one run pads at most this many tokens (rows x longest row).
TOKENS_PER_RUN = 4096


@dataclass(frozen=True)
class Embedded:
    vectors: npt.NDArray[np.float32]  # [n, DIMENSIONS], L2-normalised
    tokens: list[int]
    truncated: list[bool]


class Embedder:
    name = MODEL_NAME
    dimensions = DIMENSIONS
    max_tokens = MAX_TOKENS

    def __init__(self, files: ModelFiles, *, threads: int | None = None, device: str = "cpu") -> None:
        self.version = files.version
        self.tokenizer = Tokenizer.from_file(str(files.tokenizer))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = threads or usable_cpus()
        options.inter_op_num_threads = 1
        # Idle threads sleep instead of spinning: the service shares its cores with the api and worker.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        providers = ["CPUExecutionProvider"]
        if device == "cuda":
            providers.insert(0, "CUDAExecutionProvider")
        self.session = ort.InferenceSession(str(Path(files.onnx)), options, providers=providers)
        self.runtime = f"onnxruntime {ort.__version__} {self.session.get_providers()[0]}"

    def embed(self, texts: list[str], alone: Sequence[bool] | None = None) -> Embedded:
        """Embeds `texts` (any number): sorted by length and cut into runs to keep padding small. A text
        marked `alone` runs by itself, so its vector depends on nothing but the text: int8 dynamic
        quantisation scales the activations of a whole run, and batch-mates moved a query's vector by
        about 1 % (cosine 0.992), enough to reorder its search results from one batch to the next
        (bench/README.md, "A query's vector is the same in every batch"). A run of one costs a short
        query ~10 % more; documents keep sharing runs (cards embed 1.7 times as fast batched)."""
        encodings = self.tokenizer.encode_batch(texts, add_special_tokens=True)
        lengths = [len(e.ids) for e in encodings]
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        single = [i for i in range(len(texts)) if alone is not None and alone[i]]
        for i in single:
            vectors[i] = self._run([encodings[i]])[0]
        order = sorted(set(range(len(texts))) - set(single), key=lambda i: lengths[i])
        start = 0
        while start < len(order):
            end = start + 1
            while end < len(order) and (end - start + 1) * lengths[order[end]] <= TOKENS_PER_RUN:
                end += 1
            chunk = order[start:end]
            vectors[chunk] = self._run([encodings[i] for i in chunk])
            start = end
        truncated = [bool(e.overflowing) for e in encodings]
        return Embedded(vectors, lengths, truncated)

    def _run(self, encodings: list[Encoding]) -> npt.NDArray[np.float32]:
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        (out,) = self.session.run(["sentence_embedding"], {"input_ids": ids, "attention_mask": mask})
        return np.asarray(out, dtype=np.float32)
