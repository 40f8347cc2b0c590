"""Sign-in with Google and Microsoft, driven over real HTTP through two real local OpenID providers
(npm oidc-provider) shaped like Google's and Microsoft's: the browser's redirects, the provider's login
and consent pages, the code exchange and the ID token checked against the provider's published keys."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx
import pytest
from sqlalchemy import text

from rapport.db import Database
from tests.auth.support import VERIFY, code_at, codes, enrol
from tests.conftest import Servers, free_port, stop_process, wait_ready
from tests.factories import GraphQLClient, sign_up, unique_email
from tests.oauth.local_provider import CLIENTS, LocalProviders, running_providers, sign_in_at_provider

ME = "query { me { id email name } workspace { id name } }"


@dataclass(frozen=True)
class Setup:
    providers: LocalProviders
    api: str


@pytest.fixture(scope="module")
def setup(servers: Servers) -> Iterator[Setup]:
    """An api configured for both local providers; the web app's address is the api's own here."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with running_providers(base_url) as providers:
        process = subprocess.Popen(
            [sys.executable, "-m", "rapport", "api"],
            env=servers.env(RAPPORT_API_PORT=str(port), RAPPORT_PUBLIC_URL=base_url, **providers.env()),
        )
        try:
            wait_ready(base_url, process)
            yield Setup(providers, base_url)
        finally:
            stop_process(process)


@pytest.fixture
async def browser() -> AsyncIterator[httpx.AsyncClient]:
    """A browser of its own: a cookie jar, redirects followed one by one."""
    async with httpx.AsyncClient(timeout=30) as client:
        yield client


def google_account(**claims: object) -> tuple[str, dict[str, object]]:
    email = claims.pop("email", None) or unique_email("grace")
    return f"g-{uuid.uuid4().hex[:12]}", {"email": email, "email_verified": True, "name": "Grace Hopper", **claims}


def microsoft_account(**claims: object) -> tuple[str, dict[str, object]]:
    email = claims.pop("email", None) or unique_email("ada")
    return f"m-{uuid.uuid4().hex[:12]}", {
        "email": email,
        "name": "Ada Lovelace",
        "preferred_username": email,
        "tid": "4f1c1d5e-0d2b-4b7e-9a53-6f1a2b3c4d5e",
        "oid": str(uuid.uuid4()),
        **claims,
    }


async def start(browser: httpx.AsyncClient, setup: Setup, provider: str, **params: str) -> str:
    response = await browser.get(f"{setup.api}/api/v1/auth/{provider}/start", params=params)
    assert response.status_code == 302, response.text
    return response.headers["location"]


async def provider_answer(
    browser: httpx.AsyncClient, setup: Setup, provider: str, login: str, *, consent: bool = True, **params: str
) -> str:
    """The callback URL the provider sends the browser back to, not yet visited."""
    authorization_url = await start(browser, setup, provider, **params)
    return await sign_in_at_provider(
        browser,
        authorization_url,
        login=login,
        callback_prefix=f"{setup.api}/api/v1/auth/{provider}/callback",
        consent=consent,
    )


async def sign_in(
    browser: httpx.AsyncClient, setup: Setup, provider: str, account: tuple[str, dict[str, object]], **params: str
) -> httpx.Response:
    login, claims = account
    setup.providers.add_account(provider, login, claims)
    callback_url = await provider_answer(browser, setup, provider, login, **params)
    return await browser.get(callback_url)


def error_of(response: httpx.Response, setup: Setup) -> str:
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    assert location.startswith(f"{setup.api}/sign-in?"), location
    return parse_qs(urlsplit(location).query)["error"][0]


async def me(setup: Setup, access_token: str) -> dict[str, object]:
    async with httpx.AsyncClient(base_url=setup.api) as client:
        data: dict[str, object] = await GraphQLClient(client).data(ME, token=access_token)
    return data


async def count(db: Database, sql: str, **params: object) -> int:
    """Across workspaces (`users` shows the app role only its own and its workspace's users)."""
    async with db.transaction(system=True) as session:
        return int(await session.scalar(text(sql), params) or 0)


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    return urlunsplit(parts._replace(query=urlencode({**query, **changes})))


# The flow


async def test_start_sends_the_browser_to_the_provider_with_pkce_state_and_nonce(
    setup: Setup, browser: httpx.AsyncClient
) -> None:
    response = await browser.get(f"{setup.api}/api/v1/auth/google/start")

    assert response.status_code == 302
    location = urlsplit(response.headers["location"])
    query = {key: values[0] for key, values in parse_qs(location.query).items()}
    assert f"{location.scheme}://{location.netloc}" == setup.providers.issuers["google"]
    assert query["response_type"] == "code"
    assert query["client_id"] == CLIENTS["google"][0]
    assert query["redirect_uri"] == f"{setup.api}/api/v1/auth/google/callback"
    assert query["scope"] == "openid email profile"
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) == 43
    assert len(query["state"]) == 43
    assert len(query["nonce"]) == 43
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("rapport_oauth_flow=")
    assert "HttpOnly" in cookie
    assert "Path=/api/v1/auth/" in cookie
    assert "SameSite=lax" in cookie
    assert "Max-Age=600" in cookie
    assert response.headers["cache-control"] == "no-store"


async def test_a_first_google_sign_in_creates_the_user_and_a_workspace_and_lands_signed_in(
    setup: Setup, browser: httpx.AsyncClient, app_db: Database
) -> None:
    account = google_account(name="Grace Hopper")

    response = await sign_in(browser, setup, "google", account, next="/deals?view=board")

    assert response.status_code == 302
    assert response.headers["location"] == f"{setup.api}/deals?view=board"
    access = browser.cookies.get("rapport_access")
    assert access is not None
    assert browser.cookies.get("rapport_refresh", "").startswith("rt_")
    cookies = response.headers.get_list("set-cookie")
    assert all("HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie for cookie in cookies)
    data = await me(setup, access)
    email = account[1]["email"]
    assert data["me"] == {"id": data["me"]["id"], "email": email, "name": "Grace Hopper"}  # type: ignore[index]
    assert data["workspace"]["name"] == "Grace Hopper's workspace"  # type: ignore[index]
    assert await count(app_db, "SELECT count(*) FROM users WHERE email = :e AND password_hash IS NULL", e=email) == 1
    assert (
        await count(
            app_db,
            "SELECT count(*) FROM user_identities i JOIN users u ON u.id = i.user_id "
            "WHERE i.provider = 'google' AND i.subject = :s AND u.email = :e AND i.email = :e",
            s=account[0],
            e=email,
        )
        == 1
    )


async def test_the_provider_subject_signs_in_again_even_when_the_email_changed(
    setup: Setup, browser: httpx.AsyncClient, app_db: Database
) -> None:
    login, claims = google_account()
    first = await sign_in(browser, setup, "google", (login, claims))
    first_user = (await me(setup, browser.cookies["rapport_access"]))["me"]
    new_email = unique_email("renamed")

    async with httpx.AsyncClient(timeout=30) as other_browser:
        second = await sign_in(other_browser, setup, "google", (login, {**claims, "email": new_email}))
        second_user = (await me(setup, other_browser.cookies["rapport_access"]))["me"]

    assert first.status_code == second.status_code == 302
    assert second_user == first_user
    assert await count(app_db, "SELECT count(*) FROM users WHERE email = :e", e=new_email) == 0


async def test_a_verified_google_email_links_to_the_existing_password_account(
    setup: Setup, browser: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    existing = await sign_up(gql, name="Ada Lovelace", workspace="Analytical Engines")

    response = await sign_in(browser, setup, "google", google_account(email=existing.email))

    assert response.headers["location"] == f"{setup.api}/"
    data = await me(setup, browser.cookies["rapport_access"])
    assert data["me"] == {"id": existing.user_id, "email": existing.email, "name": "Ada Lovelace"}
    assert data["workspace"] == {"id": existing.workspace_id, "name": "Analytical Engines"}


async def test_a_microsoft_address_the_tenant_verified_signs_in(
    setup: Setup, browser: httpx.AsyncClient, app_db: Database
) -> None:
    account = microsoft_account(xms_edov=True)

    response = await sign_in(browser, setup, "microsoft", account)

    assert response.headers["location"] == f"{setup.api}/"
    data = await me(setup, browser.cookies["rapport_access"])
    assert data["me"]["email"] == account[1]["email"]  # type: ignore[index]
    assert (
        await count(
            app_db, "SELECT count(*) FROM user_identities WHERE provider = 'microsoft' AND subject = :s", s=account[0]
        )
        == 1
    )


async def test_the_providers_are_listed_for_the_sign_in_page(setup: Setup, gql: GraphQLClient) -> None:
    query = "query { authProviders { id label startUrl } }"
    async with httpx.AsyncClient(base_url=setup.api) as client:
        configured = await GraphQLClient(client).data(query)

    assert configured == {
        "authProviders": [
            {"id": "google", "label": "Google", "startUrl": "/api/v1/auth/google/start"},
            {"id": "microsoft", "label": "Microsoft", "startUrl": "/api/v1/auth/microsoft/start"},
        ]
    }
    assert await gql.data(query) == {"authProviders": []}  # the default test api configures none


# Refusals: each lands on the sign-in page with a reason, signed out, and nothing is created


async def assert_refused_and_nothing_created(
    response: httpx.Response, setup: Setup, browser: httpx.AsyncClient, app_db: Database, email: object, reason: str
) -> None:
    assert error_of(response, setup) == reason
    assert browser.cookies.get("rapport_access") is None
    assert browser.cookies.get("rapport_refresh") is None
    assert await count(app_db, "SELECT count(*) FROM users WHERE email = :e", e=email) == 0


async def test_an_unverified_google_email_is_refused(
    setup: Setup, browser: httpx.AsyncClient, app_db: Database
) -> None:
    account = google_account(email_verified=False)

    response = await sign_in(browser, setup, "google", account)

    await assert_refused_and_nothing_created(response, setup, browser, app_db, account[1]["email"], "email_unverified")


async def test_a_microsoft_email_without_xms_edov_neither_links_nor_creates_an_account(
    setup: Setup, browser: httpx.AsyncClient, gql: GraphQLClient, app_db: Database
) -> None:
    existing = await sign_up(gql)
    account = microsoft_account(email=existing.email)  # a tenant admin can type anyone's address

    response = await sign_in(browser, setup, "microsoft", account)

    assert error_of(response, setup) == "email_unverified"
    assert browser.cookies.get("rapport_access") is None
    assert await count(app_db, "SELECT count(*) FROM user_identities WHERE subject = :s", s=account[0]) == 0
    assert await count(app_db, "SELECT count(*) FROM users WHERE email = :e", e=existing.email) == 1


async def test_denied_consent_lands_on_the_sign_in_page(
    setup: Setup, browser: httpx.AsyncClient, app_db: Database
) -> None:
    login, claims = google_account()
    setup.providers.add_account("google", login, claims)

    callback_url = await provider_answer(browser, setup, "google", login, consent=False)
    response = await browser.get(callback_url)

    assert parse_qs(urlsplit(callback_url).query)["error"] == ["access_denied"]
    await assert_refused_and_nothing_created(response, setup, browser, app_db, claims["email"], "denied")


async def test_a_changed_state_is_refused_and_spends_the_flow(
    setup: Setup, browser: httpx.AsyncClient, app_db: Database
) -> None:
    login, claims = google_account()
    setup.providers.add_account("google", login, claims)
    callback_url = await provider_answer(browser, setup, "google", login)

    forged = await browser.get(with_query(callback_url, state="x" * 43))
    genuine_after = await browser.get(callback_url)

    await assert_refused_and_nothing_created(forged, setup, browser, app_db, claims["email"], "state_mismatch")
    assert error_of(genuine_after, setup) == "flow_expired"


async def test_an_answer_brought_to_another_browser_is_refused(
    setup: Setup, browser: httpx.AsyncClient, app_db: Database
) -> None:
    """Login CSRF: an attacker's own callback URL, opened in the victim's browser, signs no one in."""
    login, claims = google_account()
    setup.providers.add_account("google", login, claims)
    callback_url = await provider_answer(browser, setup, "google", login)

    async with httpx.AsyncClient(timeout=30) as victim:
        response = await victim.get(callback_url)
        assert error_of(response, setup) == "flow_expired"
        assert victim.cookies.get("rapport_access") is None
    assert await count(app_db, "SELECT count(*) FROM users WHERE email = :e", e=claims["email"]) == 0


async def test_a_replayed_callback_is_refused(setup: Setup, browser: httpx.AsyncClient) -> None:
    login, claims = google_account()
    setup.providers.add_account("google", login, claims)
    callback_url = await provider_answer(browser, setup, "google", login)
    first = await browser.get(callback_url)
    assert first.status_code == 302
    assert first.headers["location"] == f"{setup.api}/"

    async with httpx.AsyncClient(timeout=30) as replayer:
        # The same answer with the flow cookie copied too: the flow served once, and the code is spent.
        replayer.cookies.set("rapport_oauth_flow", "copied-value-is-gone-anyway")
        again = await replayer.get(callback_url)
    replayed = await browser.get(callback_url)

    assert error_of(again, setup) == "flow_expired"
    assert error_of(replayed, setup) == "flow_expired"


async def test_a_code_the_provider_did_not_issue_is_refused(
    setup: Setup, browser: httpx.AsyncClient, app_db: Database
) -> None:
    login, claims = google_account()
    setup.providers.add_account("google", login, claims)
    callback_url = await provider_answer(browser, setup, "google", login)

    response = await browser.get(with_query(callback_url, code="not-a-code-the-provider-issued"))

    await assert_refused_and_nothing_created(response, setup, browser, app_db, claims["email"], "code_rejected")


async def test_an_id_token_for_another_nonce_is_refused(
    setup: Setup, browser: httpx.AsyncClient, app_db: Database
) -> None:
    """The provider echoes the nonce of the authorization request; one changed on the way fails."""
    login, claims = google_account()
    setup.providers.add_account("google", login, claims)
    authorization_url = await start(browser, setup, "google")

    callback_url = await sign_in_at_provider(
        browser,
        with_query(authorization_url, nonce="n" * 43),
        login=login,
        callback_prefix=f"{setup.api}/api/v1/auth/google/callback",
    )
    response = await browser.get(callback_url)

    await assert_refused_and_nothing_created(response, setup, browser, app_db, claims["email"], "token_invalid")


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param({"aud": "another-client"}, id="audience"),
        pytest.param({"iss": "https://accounts.evil.example"}, id="issuer"),
        pytest.param({"exp": int(time.time()) - 600, "iat": int(time.time()) - 4200}, id="expired"),
        pytest.param({"foreignKey": True}, id="unknown-key"),
    ],
)
async def test_an_id_token_with_wrong_claims_or_key_is_refused(
    setup: Setup, browser: httpx.AsyncClient, app_db: Database, tamper: dict[str, object]
) -> None:
    login, claims = google_account()
    setup.providers.add_account("google", login, claims)
    setup.providers.tamper_next_id_token("google", **tamper)

    callback_url = await provider_answer(browser, setup, "google", login)
    response = await browser.get(callback_url)

    await assert_refused_and_nothing_created(response, setup, browser, app_db, claims["email"], "token_invalid")


async def test_a_user_with_mfa_passes_the_second_factor_after_the_provider(
    setup: Setup, browser: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    existing = await sign_up(gql)
    secret, _ = await enrol(gql, existing)

    response = await sign_in(browser, setup, "google", google_account(email=existing.email))

    # No session on the provider alone: the sign-in page asks for the code, with the challenge in the
    # web app's own cookie.
    assert response.status_code == 302
    location = httpx.URL(response.headers["location"])
    assert (location.path, dict(location.params)) == ("/sign-in", {"mfa": "1", "next": "/"})
    assert browser.cookies.get("rapport_access") is None
    challenge = browser.cookies.get("rapport_mfa", path="/api/session")
    assert challenge is not None

    wrong_code = "000000" if code_at(secret, 1) != "000000" else "111111"
    wrong = await gql(VERIFY, {"token": challenge, "code": wrong_code})
    assert codes(wrong) == ["UNAUTHENTICATED"]
    verified = (await gql.data(VERIFY, {"token": challenge, "code": code_at(secret, 1)}))["verifyMfa"]
    assert verified["mfaRequired"] is False
    signed_in = await me(setup, verified["accessToken"])
    assert signed_in["me"] == {"id": existing.user_id, "email": existing.email, "name": "Ada Lovelace"}


async def test_an_unknown_provider_and_a_foreign_next_stay_on_the_web_app(
    setup: Setup, browser: httpx.AsyncClient
) -> None:
    unknown = await browser.get(f"{setup.api}/api/v1/auth/github/start")
    assert error_of(unknown, setup) == "provider_unknown"

    for foreign in ("//evil.example/x", "/\\evil.example", "https://evil.example/", "/\t/evil.example"):
        async with httpx.AsyncClient(timeout=30) as fresh:
            response = await sign_in(fresh, setup, "google", google_account(), next=foreign)
            location = response.headers["location"]
        assert location == f"{setup.api}/", (foreign, location)
