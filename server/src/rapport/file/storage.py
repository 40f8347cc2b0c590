"""The configured store: one per process and settings object."""

from __future__ import annotations

from rapport.config import Settings
from rapport.kit.filestore import Store, open_store

_STORES: dict[int, tuple[Settings, Store]] = {}


def store_of(settings: Settings) -> Store:
    cached = _STORES.get(id(settings))
    if cached is not None and cached[0] is settings:
        return cached[1]
    store = configured_store(settings)
    _STORES[id(settings)] = (settings, store)
    return store


def configured_store(settings: Settings, *, backend: str | None = None) -> Store:
    """A new store as the settings describe it (`backend` overrides `RAPPORT_STORAGE_BACKEND`)."""
    return open_store(
        backend=backend or settings.storage_backend,
        files_path=settings.files_path,
        endpoint_url=settings.s3_endpoint_url,
        bucket=settings.s3_bucket,
        region=settings.s3_region,
        access_key_id=settings.s3_access_key_id.get_secret_value() if settings.s3_access_key_id else None,
        secret_access_key=settings.s3_secret_access_key.get_secret_value() if settings.s3_secret_access_key else None,
        presign_seconds=settings.s3_presign_seconds,
    )
