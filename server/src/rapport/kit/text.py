"""What text the api accepts: no C0 control characters but tab, newline and carriage return, and
no lone surrogates. PostgreSQL stores neither NUL nor a surrogate, and the other controls are never
meant as text; refusing them at the edge answers BAD_USER_INPUT instead of a failed statement."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

Path = tuple[str | int, ...]

_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def unsafe_character(value: str) -> str | None:
    """Why `value` cannot be stored as text, or None when it can."""
    found = _UNSAFE.search(value)
    if found is None:
        return None
    code = ord(found.group())
    kind = "an unpaired surrogate" if 0xD800 <= code <= 0xDFFF else "a control character"
    return f"contains {kind} (U+{code:04X}) at position {found.start()}, which text may not hold"


def unsafe_text(value: object, path: Path = ()) -> dict[Path, str]:
    """Every string (and object key) inside a JSON-like value that cannot be stored, by path."""
    found: dict[Path, str] = {}
    pending: list[tuple[Path, object]] = [(path, value)]
    while pending:
        where, item = pending.pop()
        if isinstance(item, str):
            reason = unsafe_character(item)
            if reason is not None:
                found[where] = reason
        elif isinstance(item, Mapping):
            for key, child in item.items():
                if isinstance(key, str) and (reason := unsafe_character(key)) is not None:
                    found[(*where, key)] = f"the key {reason}"
                pending.append(((*where, str(key)), child))
        elif isinstance(item, Sequence) and not isinstance(item, bytes | bytearray):
            pending.extend(((*where, index), child) for index, child in enumerate(item))
    return dict(sorted(found.items(), key=lambda pair: [str(part) for part in pair[0]]))
