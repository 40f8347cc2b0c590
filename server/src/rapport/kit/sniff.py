"""What a file is, from its first bytes (never from the client's word), and a safe name for it."""

from __future__ import annotations

import re
import unicodedata

import puremagic

RASTER_IMAGES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
_EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",  # Mach-O
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal (also Java class files)
    b"#!",  # scripts
)
_IMAGE_EXTENSIONS = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
_MARKUP = re.compile(rb"<\s*(!doctype\s+html|html|script|body|iframe|svg|object|embed|head)\b", re.IGNORECASE)
_RESERVED = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
MAX_NAME = 200


def is_executable(head: bytes) -> bool:
    return head.startswith(_EXECUTABLE_MAGIC)


def sniff(head: bytes, filename: str) -> str:
    """The content type the bytes say (the name only breaks ties among formats the bytes allow)."""
    if not head:
        return "application/octet-stream"
    try:
        matches = puremagic.magic_string(head, filename=filename)
    except (puremagic.PureError, ValueError):
        matches = []
    typed = [match for match in matches if match.mime_type]
    if typed:
        mime = str(typed[0].mime_type)
        if mime in ("image/svg+xml", "text/html", "application/xml", "text/xml"):
            return "image/svg+xml" if b"<svg" in head.lower() else mime
        return mime
    if b"\x00" in head:
        return "application/octet-stream"
    if _MARKUP.search(head):
        return "image/svg+xml" if b"<svg" in head.lower() else "text/html"
    if filename.lower().endswith(".csv"):
        return "text/csv"
    return "text/plain"


def claimed_image_mismatch(filename: str, content_type: str) -> str | None:
    """The image type the name claims when the bytes are not that image (a renamed file), else None."""
    lowered = filename.lower()
    for extension, claimed in _IMAGE_EXTENSIONS.items():
        if lowered.endswith(extension) and content_type != claimed:
            return claimed
    return None


def sanitize_filename(name: str) -> str:
    """The last path segment, NFC, no control or reserved characters, no leading dots, at most
    200 characters (the extension kept); "file" when nothing is left."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = _RESERVED.sub("_", name)
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"))
    name = name.strip().lstrip(".").strip()
    if len(name) > MAX_NAME:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 16:
            name = stem[: MAX_NAME - len(extension) - 1] + "." + extension
        else:
            name = name[:MAX_NAME]
    return name or "file"
