"""Uploads and downloads over real HTTP against the api process (local disk store)."""

from __future__ import annotations

import hashlib
import uuid

import httpx
import pytest

from tests.factories import CREATE_CONTACT, GraphQLClient, sign_up, status_of_declared_upload

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
FILES = "query($t: UUID!) { files(targetId: $t) { id filename contentType size sha256 downloadUrl uploadedBy { id } } }"
TIMELINE = "query($id: UUID!) { contact(id: $id) { timeline { edges { node { kind summary } } } } }"


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


async def upload(
    http: httpx.AsyncClient,
    token: str,
    name: str,
    content: bytes,
    *,
    target: str | None = None,
    ctype: str = "image/png",
) -> httpx.Response:
    data = {"targetId": target} if target else {}
    return await http.post(
        "/api/v1/files/upload", files={"file": (name, content, ctype)}, data=data, headers=bearer(token)
    )


async def test_upload_to_a_contact_lists_downloads_and_logs_it(http: httpx.AsyncClient, gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    contact = (await gql.data(CREATE_CONTACT, {"input": {"firstName": "Grace"}}, token=account.access_token))[
        "createContact"
    ]
    content = b"%PDF-1.7\n" + b"x" * 300_000

    response = await upload(
        http, account.access_token, "proposal.pdf", content, target=contact["id"], ctype="text/plain"
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["filename"] == "proposal.pdf"
    assert body["contentType"] == "application/pdf"  # from the bytes, not the client's text/plain
    assert body["size"] == len(content)
    assert body["sha256"] == hashlib.sha256(content).hexdigest()
    listed = (await gql.data(FILES, {"t": contact["id"]}, token=account.access_token))["files"]
    assert [(f["id"], f["filename"], f["size"]) for f in listed] == [(body["id"], "proposal.pdf", len(content))]
    timeline = (await gql.data(TIMELINE, {"id": contact["id"]}, token=account.access_token))["contact"]["timeline"]
    assert timeline["edges"][0]["node"] == {"kind": "FILE", "summary": "File: proposal.pdf"}

    download = await http.get(body["downloadUrl"], headers=bearer(account.access_token))
    assert download.status_code == 200
    assert download.content == content
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"].startswith('attachment; filename="proposal.pdf"')
    assert download.headers["x-content-type-options"] == "nosniff"


async def test_svg_with_script_is_never_inline(http: httpx.AsyncClient, gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    body = (await upload(http, account.access_token, "logo.svg", SVG, ctype="image/svg+xml")).json()
    assert body["contentType"] == "image/svg+xml"

    download = await http.get(f"{body['downloadUrl']}?disposition=inline", headers=bearer(account.access_token))

    assert download.status_code == 200
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["content-security-policy"] == "default-src 'none'; sandbox"


async def test_a_raster_image_may_show_inline(http: httpx.AsyncClient, gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    body = (await upload(http, account.access_token, "dot.png", PNG)).json()

    download = await http.get(f"{body['downloadUrl']}?disposition=inline", headers=bearer(account.access_token))

    assert download.headers["content-type"] == "image/png"
    assert download.headers["content-disposition"].startswith('inline; filename="dot.png"')


async def test_a_polyglot_is_typed_by_its_first_bytes_and_not_served_as_html(
    http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    account = await sign_up(gql)
    polyglot = b"<html><script>alert(1)</script></html>\n" + PNG  # HTML that also carries a PNG
    body = (await upload(http, account.access_token, "innocent.txt", polyglot, ctype="text/plain")).json()
    assert body["contentType"] == "text/html"

    download = await http.get(f"{body['downloadUrl']}?disposition=inline", headers=bearer(account.access_token))

    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["content-security-policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.png", EXE, "Executable files and scripts cannot be uploaded."),
        ("run.sh", b"#!/bin/sh\nrm -rf /\n", "Executable files and scripts cannot be uploaded."),
        (
            "photo.png",
            b"<html><body>not a picture</body></html>",
            "The file is named as image/png but its bytes are text/html.",
        ),
    ],
)
async def test_the_wrong_type_is_refused_and_nothing_is_stored(
    http: httpx.AsyncClient, gql: GraphQLClient, name: str, content: bytes, message: str
) -> None:
    account = await sign_up(gql)
    contact = (await gql.data(CREATE_CONTACT, {"input": {"firstName": "Ada"}}, token=account.access_token))[
        "createContact"
    ]

    response = await upload(http, account.access_token, name, content, target=contact["id"])

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BAD_USER_INPUT"
    assert response.json()["error"]["message"] == message
    assert (await gql.data(FILES, {"t": contact["id"]}, token=account.access_token))["files"] == []


async def test_path_traversal_and_control_characters_are_cleaned_from_the_name(
    http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    account = await sign_up(gql)
    for name, expected in [
        ("../../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\evil.txt", "evil.txt"),
        ("..", "file"),
        ("a<b>:c|?*.txt", "a_b__c___.txt"),
        ("invoice\u202egpj.exe", "invoicegpj.exe"),  # a right-to-left override hides the real extension
    ]:
        response = await upload(http, account.access_token, name, b"hello", ctype="text/plain")
        assert response.status_code == 201, response.text
        assert response.json()["filename"] == expected


async def test_an_oversized_file_is_refused_with_413(http: httpx.AsyncClient, gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    # The test api runs with the default 25 MiB limit; a 26 MiB body is refused while it streams.
    response = await upload(http, account.access_token, "big.bin", b"\x01" * (26 * 1024 * 1024), ctype="text/plain")

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_a_huge_declared_length_is_refused_before_reading(http: httpx.AsyncClient, gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    status_line = await status_of_declared_upload(http, "/api/v1/files/upload", account.access_token, 1024**3)
    assert status_line.startswith(b"HTTP/1.1 413")


async def test_another_workspaces_file_is_not_found(http: httpx.AsyncClient, gql: GraphQLClient) -> None:
    owner = await sign_up(gql)
    stranger = await sign_up(gql, name="Eve Stranger", workspace="Other")
    body = (await upload(http, owner.access_token, "secret.txt", b"secret", ctype="text/plain")).json()

    download = await http.get(body["downloadUrl"], headers=bearer(stranger.access_token))
    delete = await gql("mutation($id: UUID!) { deleteFile(id: $id) }", {"id": body["id"]}, token=stranger.access_token)

    assert download.status_code == 404
    assert download.json()["error"]["code"] == "NOT_FOUND"
    assert delete["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    still = await http.get(body["downloadUrl"], headers=bearer(owner.access_token))
    assert still.content == b"secret"


async def test_upload_without_a_token_is_unauthenticated(http: httpx.AsyncClient) -> None:
    response = await http.post("/api/v1/files/upload", files={"file": ("a.txt", b"a", "text/plain")})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNAUTHENTICATED"


async def test_attach_then_delete_hides_the_file(http: httpx.AsyncClient, gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    contact = (await gql.data(CREATE_CONTACT, {"input": {"firstName": "Lin"}}, token=account.access_token))[
        "createContact"
    ]
    body = (await upload(http, account.access_token, "notes.txt", b"notes", ctype="text/plain")).json()

    attached = await gql.data(
        "mutation($f: UUID!, $t: UUID!) { attachFile(fileId: $f, targetId: $t) { id targetId } }",
        {"f": body["id"], "t": contact["id"]},
        token=account.access_token,
    )
    assert attached["attachFile"] == {"id": body["id"], "targetId": contact["id"]}
    assert await gql.data(
        "mutation($id: UUID!) { deleteFile(id: $id) }", {"id": body["id"]}, token=account.access_token
    ) == {"deleteFile": True}

    assert (await gql.data(FILES, {"t": contact["id"]}, token=account.access_token))["files"] == []
    assert (await http.get(body["downloadUrl"], headers=bearer(account.access_token))).status_code == 404
    missing = await http.get(f"/api/v1/files/{uuid.uuid4()}", headers=bearer(account.access_token))
    assert missing.status_code == 404
