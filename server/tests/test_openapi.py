"""The committed OpenAPI documents of the REST API match the code (`make openapi` regenerates them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rapport.cli import openapi_document
from rapport.config import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("name", "output_format"), [("openapi.json", "json"), ("openapi.yaml", "yaml")])
def test_the_committed_openapi_document_has_not_drifted(name: str, output_format: str) -> None:
    committed = (REPO_ROOT / name).read_text()

    assert committed == openapi_document(Settings(_env_file=None), output_format), (
        f"run `make openapi` and commit {name}"
    )


def test_the_document_describes_the_file_and_import_routes() -> None:
    import json

    document = json.loads(openapi_document(Settings(_env_file=None), "json"))

    assert {"/api/v1/files/upload", "/api/v1/files/{file_id}", "/api/v1/imports"} <= set(document["paths"])
    upload = document["paths"]["/api/v1/files/upload"]["post"]["requestBody"]["content"]
    assert upload["multipart/form-data"]["schema"]["required"] == ["file"]
