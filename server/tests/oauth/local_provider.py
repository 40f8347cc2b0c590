"""Starts the two local OpenID providers of provider/provider.mjs (npm oidc-provider), installing their
locked packages with pnpm on a fresh machine, and drives their sign-in pages like a person would."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import httpx

from tests.conftest import stop_process

PROVIDER_DIR = Path(__file__).parent / "provider"
CLIENTS = {
    "google": ("rapport-google-client", "google-client-secret-0123456789"),
    "microsoft": ("rapport-microsoft-client", "microsoft-client-secret-0123456789"),
}


@dataclass(frozen=True)
class LocalProviders:
    issuers: dict[str, str]

    def env(self) -> dict[str, str]:
        """The api's settings for both providers."""
        env: dict[str, str] = {}
        for name, (client_id, secret) in CLIENTS.items():
            env[f"RAPPORT_{name.upper()}_CLIENT_ID"] = client_id
            env[f"RAPPORT_{name.upper()}_CLIENT_SECRET"] = secret
            env[f"RAPPORT_{name.upper()}_ISSUER"] = self.issuers[name]
        return env

    def origin(self, name: str) -> str:
        issuer = self.issuers[name]
        return issuer[: issuer.index("/", len("http://"))] if issuer.count("/") > 2 else issuer

    def add_account(self, name: str, login: str, claims: dict[str, object]) -> None:
        response = httpx.post(f"{self.origin(name)}/__test/accounts", json={"id": login, "claims": claims})
        assert response.status_code == 204, response.text

    def tamper_next_id_token(self, name: str, **changes: object) -> None:
        """The next ID token this provider issues is re-signed with `changes` (foreignKey=True: by another key)."""
        response = httpx.post(f"{self.origin(name)}/__test/tamper", json=changes)
        assert response.status_code == 204, response.text


def ensure_installed() -> None:
    if (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        return
    pnpm = shutil.which("pnpm")
    command = (
        [pnpm, "install", "--frozen-lockfile"] if pnpm else ["npx", "--yes", "pnpm", "install", "--frozen-lockfile"]
    )
    subprocess.run(command, cwd=PROVIDER_DIR, check=True, capture_output=True)


@contextmanager
def running_providers(redirect_base_url: str) -> Iterator[LocalProviders]:
    """Both providers, with Rapport registered as a client whose redirect URIs are under `redirect_base_url`."""
    ensure_installed()
    clients = {
        name: {
            "client_id": client_id,
            "client_secret": secret,
            "redirect_uris": [f"{redirect_base_url}/api/v1/auth/{name}/callback"],
        }
        for name, (client_id, secret) in CLIENTS.items()
    }
    process = subprocess.Popen(
        ["node", str(PROVIDER_DIR / "provider.mjs")],
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "OIDC_CLIENTS": json.dumps(clients),
            "NODE_NO_WARNINGS": "1",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"the local OpenID providers did not start (exit code {process.wait()})")
        yield LocalProviders(issuers=json.loads(line))
    finally:
        stop_process(process)


_FORM_ACTION = re.compile(r'<form[^>]*action="([^"]+)"')
_ABORT = re.compile(r'href="([^"]*/abort)"')


async def sign_in_at_provider(
    browser: httpx.AsyncClient, authorization_url: str, *, login: str, callback_prefix: str, consent: bool = True
) -> str:
    """Follows the provider's pages from the authorization URL as a person would (the login form with any
    password, then the consent form, or Cancel); returns the URL the provider sends the browser back to."""
    url = authorization_url
    for _ in range(20):
        if url.startswith(callback_prefix):
            return url
        response = await browser.get(url)
        if response.is_redirect:
            url = urljoin(url, response.headers["location"])
            continue
        assert response.status_code == 200, (url, response.status_code, response.text[:500])
        page = response.text
        action = _FORM_ACTION.search(page)
        assert action is not None, page[:500]
        if 'name="login"' in page:
            form = {"prompt": "login", "login": login, "password": "any password"}
        elif not consent:
            abort = _ABORT.search(page)
            assert abort is not None, page[:500]
            url = urljoin(url, unescape(abort.group(1)))
            continue
        else:
            form = {"prompt": "consent"}
        response = await browser.post(urljoin(url, unescape(action.group(1))), data=form)
        assert response.is_redirect, (response.status_code, response.text[:500])
        url = urljoin(url, response.headers["location"])
    raise AssertionError("the provider's pages did not send the browser back")
