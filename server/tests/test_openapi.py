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


def test_every_rest_operation_documents_its_error_body() -> None:
    import json

    document = json.loads(openapi_document(Settings(_env_file=None), "json"))
    rest = {
        (method, path): operation
        for path, operations in document["paths"].items()
        if path.startswith("/api/v1/")
        for method, operation in operations.items()
    }

    assert len(rest) == 10
    for (method, path), operation in rest.items():
        errors = {status for status in operation["responses"] if status >= "400"}
        assert {"500", "503"} <= errors, (method, path)
        assert "422" not in errors, (method, path)  # bad input is a 400 BAD_USER_INPUT
        for status in errors:
            schema = operation["responses"][status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (method, path, status)
    assert set(rest[("delete", "/api/v1/webhooks/{endpoint_id}")]["responses"]) == {
        "204",
        "400",
        "401",
        "403",
        "404",
        "500",
        "503",
    }
    detail = document["components"]["schemas"]["ErrorDetail"]
    assert detail["required"] == ["code", "message"]
    assert "BAD_USER_INPUT" in detail["properties"]["code"]["enum"]
    assert "HTTPValidationError" not in document["components"]["schemas"]
