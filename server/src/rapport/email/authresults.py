"""Whether forwarded-in mail really comes from its `From:` domain, as a trusted upstream MTA says (RFC 8601).

Mail forwarded in (the SMTP listener, the inbound webhook) can carry any `From:`. Rapport does not check
SPF or DKIM itself; the MTA in front of it does, and records the results in an `Authentication-Results`
header. Anyone can write such a header into a message, so only those whose authserv-id the operator
trusts (`RAPPORT_TRUSTED_AUTHSERV_IDS`) are read. The message passes when one of them says, aligned with
the From domain: `dmarc=pass`; `dkim=pass` with `header.d` the From domain or a parent of it; or
`spf=pass` with `smtp.mailfrom` in the From domain. Pure: no network, no database.

There is no maintained parser on PyPI (`authres` was last released in 2019 and is untyped), so this is a
small one: comments are dropped, quoted strings kept, and what cannot be read is ignored (it never passes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapport.models import EmailAuthentication

# A header this long is not a real one; reading it would only cost time.
MAX_HEADER_LENGTH = 8192
_PROPERTY = re.compile(r"^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)=(.*)$")
_RESULT = re.compile(r"^([A-Za-z0-9_-]+)=([A-Za-z0-9_-]+)$")


@dataclass(frozen=True, slots=True)
class Result:
    method: str  # lower case: dkim, spf, dmarc, …
    result: str  # lower case: pass, fail, none, …
    properties: dict[str, str]  # "header.d" -> "example.com", keys in lower case


@dataclass(frozen=True, slots=True)
class AuthenticationResults:
    authserv_id: str  # lower case
    results: tuple[Result, ...]


def _strip_comments(value: str) -> str:
    """Drops RFC 5322 comments (nested parentheses), keeping quoted strings and their escapes."""
    out: list[str] = []
    depth = 0
    quoted = False
    escaped = False
    for char in value:
        if escaped:
            if depth == 0:
                out.append(char)
            escaped = False
        elif char == "\\" and (quoted or depth > 0):
            escaped = True
            if depth == 0:
                out.append(char)
        elif quoted:
            out.append(char)
            if char == '"':
                quoted = False
        elif char == "(":
            depth += 1
        elif char == ")" and depth > 0:
            depth -= 1
        elif depth == 0:
            out.append(char)
            if char == '"':
                quoted = True
        else:
            continue
    return "".join(out)


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def _split(value: str, separator: str) -> list[str]:
    """Splits on `separator` outside quoted strings."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    escaped = False
    for char in value:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\" and quoted:
            current.append(char)
            escaped = True
        elif char == '"':
            quoted = not quoted
            current.append(char)
        elif char == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _tokens(value: str) -> list[str]:
    """Whitespace-separated tokens outside quoted strings; `a = b` is put back together as `a=b`."""
    joined: list[str] = []
    for token in _split(re.sub(r"\s", " ", value), " "):
        if not token:
            continue
        if joined and (token.startswith("=") or joined[-1].endswith("=")):
            joined[-1] += token
        else:
            joined.append(token)
    return joined


def parse(header: str) -> AuthenticationResults | None:
    """One `Authentication-Results` header value, or None when it cannot be read."""
    if len(header) > MAX_HEADER_LENGTH:
        return None
    text = _strip_comments(header.replace("\r", " ").replace("\n", " ")).strip()
    if not text:
        return None
    statements = _split(text, ";")
    head = statements[0].split()
    if not head:
        return None
    authserv_id = _unquote(head[0]).lower()
    results: list[Result] = []
    for statement in statements[1:]:
        tokens = _tokens(statement)
        if not tokens:
            continue
        match = _RESULT.match(tokens[0])
        if match is None:
            continue  # `none` (no results) or something unreadable
        properties: dict[str, str] = {}
        for token in tokens[1:]:
            found = _PROPERTY.match(token)
            if found is None:
                continue  # reason=…, or a word we do not read
            key = f"{found.group(1).lower()}.{found.group(2).lower()}"
            properties.setdefault(key, _unquote(found.group(3)))
        results.append(Result(match.group(1).lower(), match.group(2).lower(), properties))
    return AuthenticationResults(authserv_id, tuple(results))


def _domain(value: str) -> str:
    """The domain of `user@domain` or of a bare domain, lower case, without a trailing dot."""
    return value.rsplit("@", 1)[-1].strip().strip(".").lower()


def _within(domain: str, parent: str) -> bool:
    return bool(parent) and (domain == parent or domain.endswith("." + parent))


def passes(result: Result, from_domain: str) -> bool:
    """Whether one result authenticates mail from `from_domain`."""
    if result.result != "pass":
        return False
    if result.method == "dmarc":
        # header.from, when given, must be the From domain the result was computed for.
        checked = result.properties.get("header.from")
        return checked is None or _domain(checked) == from_domain
    if result.method == "dkim":
        signer = result.properties.get("header.d") or _domain(result.properties.get("header.i", ""))
        # A parent, but never a bare top-level domain (no one signs as `com`; a broken upstream might say so).
        return "." in _domain(signer) and _within(from_domain, _domain(signer)) if signer else False
    if result.method == "spf":
        envelope = result.properties.get("smtp.mailfrom")
        return envelope is not None and "@" in envelope and _within(_domain(envelope), from_domain)
    return False


def verdict(headers: Iterable[str], sender: str | None, trusted: Iterable[str]) -> EmailAuthentication:
    """PASS when a trusted header authenticates the sender's domain; FAIL when trusted headers are there
    and none does; NONE when no trusted header is (untrusted ones are ignored)."""
    trusted_ids = {t.strip().lower() for t in trusted if t.strip()}
    from_domain = _domain(sender) if sender and "@" in sender else ""
    seen = False
    for header in headers:
        parsed = parse(header)
        if parsed is None or parsed.authserv_id not in trusted_ids:
            continue
        seen = True
        if from_domain and any(passes(r, from_domain) for r in parsed.results):
            return EmailAuthentication.PASS
    return EmailAuthentication.FAIL if seen else EmailAuthentication.NONE
