"""Any identifier of a state (alpha-3, alpha-2, numeric, names, depositaries' spellings) -> alpha-3."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable


class UnknownIdentifier(LookupError):
    def __init__(self, text: str, suggestions: list[tuple[str, str]]):
        self.text = text
        self.suggestions = suggestions  # (display name, canonical id)
        super().__init__(text)


def normalize(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key: 'Türkiye' == 'turkiye', "Côte d'Ivoire" == 'cote divoire'."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    bare = bare.replace("'", "").replace("\u2019", "")
    return " ".join(re.findall(r"[a-z0-9]+", bare))


class Resolver:
    """Resolves names to canonical ids; built once from (id, display name, [identifiers]) rows."""

    def __init__(self, entries: Iterable[tuple[str, str, Iterable[str]]]):
        self._index: dict[str, str] = {}
        self._names: dict[str, str] = {}
        for canonical, display, identifiers in entries:
            self._names[canonical] = display
            for identifier in (canonical, display, *identifiers):
                key = normalize(str(identifier))
                if key:
                    self._index.setdefault(key, canonical)

    def resolve(self, text: str) -> str:
        key = normalize(text)
        if key in self._index:
            return self._index[key]
        if key.isdigit() and key.zfill(3) in self._index:
            return self._index[key.zfill(3)]
        raise UnknownIdentifier(text, self.suggest(key))

    def suggest(self, key: str, limit: int = 3) -> list[tuple[str, str]]:
        if not key or len(key) > 80:  # nothing that long is a name; spare difflib the work
            return []
        matches = difflib.get_close_matches(key, self._index.keys(), n=limit * 3, cutoff=0.6)
        seen: list[str] = []
        for match in matches:
            canonical = self._index[match]
            if canonical not in seen:
                seen.append(canonical)
        return [(self._names[c], c) for c in seen[:limit]]
