"""Generates the committed Python stubs of proto/rapport/ai/v1/ai.proto into src/rapport_ai/v1/.

    uv run python ../ai/scripts/gen_proto.py          # (from server/) regenerate
    uv run python ../ai/scripts/gen_proto.py --check  # exit 1 when the committed stubs drifted

protoc names the modules after the proto package (`rapport.ai.v1`), which would clash with the
server's `rapport` package, so the one absolute import it writes is rewritten to `rapport_ai.v1`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from grpc_tools import protoc  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[2]
PROTO_ROOT = ROOT / "proto"
PROTO = PROTO_ROOT / "rapport" / "ai" / "v1" / "ai.proto"
TARGET = ROOT / "ai" / "src" / "rapport_ai" / "v1"
FILES = ("ai_pb2.py", "ai_pb2.pyi", "ai_pb2_grpc.py")
HEADER = "# Generated from proto/rapport/ai/v1/ai.proto by ai/scripts/gen_proto.py: do not edit.\n"


def generate() -> dict[str, str]:
    with tempfile.TemporaryDirectory() as out:
        include = str(Path(protoc.__file__).parent / "_proto")
        code = protoc.main(
            [
                "grpc_tools.protoc",
                f"-I{PROTO_ROOT}",
                f"-I{include}",
                f"--python_out={out}",
                f"--pyi_out={out}",
                f"--grpc_python_out={out}",
                str(PROTO),
            ]
        )
        if code != 0:
            raise SystemExit(f"protoc failed with {code}")
        produced = Path(out) / "rapport" / "ai" / "v1"
        files: dict[str, str] = {}
        for name in FILES:
            text = (produced / name).read_text()
            text = text.replace("from rapport.ai.v1 import ai_pb2", "from rapport_ai.v1 import ai_pb2")
            files[name] = HEADER + text
        return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail when the committed stubs differ")
    args = parser.parse_args()
    files = generate()
    if args.check:
        stale = [
            name for name, text in files.items() if not (TARGET / name).is_file() or (TARGET / name).read_text() != text
        ]
        if stale:
            print(
                f"stale generated stubs in {TARGET}: {', '.join(stale)}; run ai/scripts/gen_proto.py", file=sys.stderr
            )
            return 1
        return 0
    TARGET.mkdir(parents=True, exist_ok=True)
    (TARGET / "__init__.py").write_text('"""Generated gRPC stubs of proto/rapport/ai/v1/ai.proto."""\n')
    for name, text in files.items():
        (TARGET / name).write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
