"""CSV cells a spreadsheet would run as formulas, made inert (OWASP "CSV injection")."""

from __future__ import annotations

import re
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def neutralise(cell: str) -> str:
    """A leading apostrophe makes a spreadsheet show the text instead of evaluating it."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


class JsonFilter:
    """A filter given as JSON (`{"name": {"contains": "a"}, "or": [...]}`), read as the typed filter
    inputs are: attributes in snake case, absent ones None."""

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = {self._python_name(key): value for key, value in values.items()}

    @staticmethod
    def _python_name(key: str) -> str:
        name = _CAMEL.sub("_", key).lower()
        return name + "_" if name in ("in", "and", "or", "not") else name

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        value = self._values.get(name)
        if value is None and name.endswith("_"):
            value = self._values.get(name)
        if isinstance(value, dict):
            return JsonFilter(value)
        if isinstance(value, list) and value and isinstance(value[0], dict):
            return [JsonFilter(item) for item in value]
        return value
