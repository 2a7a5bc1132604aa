"""Any identifier of a state (alpha-3, alpha-2, numeric, names, depositaries' spellings) -> alpha-3."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

# Names with a comma ("Korea, Republic of", "Taiwan, Province of China") have at most two.
_MAX_PARTS_PER_NAME = 3
_CUTOFF = 0.6  # similarity below which a name is not offered as a suggestion


class UnknownIdentifier(LookupError):
    def __init__(self, text: str, suggestions: list[tuple[str, str]], reason: str = ""):
        self.text = text
        self.suggestions = suggestions  # (display name, canonical id)
        self.reason = reason  # why the text cannot be an identifier at all, if that is the case
        super().__init__(text)


def normalize(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key: 'Türkiye' == 'turkiye', "Côte d'Ivoire" == 'cote divoire'.

    Canonical decomposition (NFD) only separates accents from their letters; compatibility forms
    ('ＬＴＵ', '⁴⁴⁰') are not folded, so they match nothing.
    """
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    bare = bare.replace("'", "").replace("\u2019", "")
    return " ".join(re.findall(r"[a-z0-9]+", bare))


def refusal(text: str) -> str:
    """Why `text` cannot be an identifier (a control character, a compatibility form), or ''."""
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in text):
        return "an identifier may not contain control or format characters (such as NUL)"
    if any(not c.isspace() and unicodedata.normalize("NFKC", c) != unicodedata.normalize("NFC", c) for c in text):
        return "an identifier may not contain compatibility forms (such as full-width letters or superscript digits)"
    return ""


_UNSEEN = object()
_MAX_SEEN = 20_000  # bounded: a client may send any number of unknown texts


class Resolver:
    """Resolves names to canonical ids; built once from (id, display name, [identifiers]) rows."""

    def __init__(self, entries: Iterable[tuple[str, str, Iterable[str]]]):
        self._index: dict[str, str] = {}
        self._names: dict[str, str] = {}
        # What a misspelling is compared with: each id's names, not its codes.
        self._spellings: dict[str, set[str]] = {}
        # Texts looked up before -> their key, or None for a text that cannot be an identifier: the same few
        # hundred spellings come back in every request, and normalising one (Unicode decomposition, a
        # regex) is most of a lookup.
        self._keys: dict[str, str | None] = {}
        for canonical, display, identifiers in entries:
            self._names.setdefault(canonical, display)
            spellings = self._spellings.setdefault(canonical, set())
            for identifier in (canonical, display, *identifiers):
                key = normalize(str(identifier))
                if key:
                    self._index.setdefault(key, canonical)
                    if len(key) > 3 and not key.isdigit():
                        spellings.add(key)

    def _key(self, text: str) -> str | None:
        """normalize(text), or None where the text cannot be an identifier at all."""
        key = self._keys.get(text, _UNSEEN)
        if key is _UNSEEN:
            key = None if refusal(text) else normalize(text)
            if len(self._keys) < _MAX_SEEN:
                self._keys[text] = key
        return key

    def _exact(self, *keys: str | None) -> str | None:
        """The id that the texts with these keys, joined by commas, name (case, accents and punctuation
        aside), or None.

        A comma separates words as a space does, so the joined text's key is its parts' keys joined: a
        list's every split is looked up without normalising a text never seen before."""
        if None in keys:
            return None
        return self._index.get(" ".join(filter(None, keys)))

    def resolve(self, text: str) -> str:
        found = self._exact(self._key(text))
        if found is not None:
            return found
        reason = refusal(text)
        if reason:
            raise UnknownIdentifier(text, [], reason)
        key = normalize(text)
        if key in self._index:
            return self._index[key]
        if key.isdigit() and key.zfill(3) in self._index:
            return self._index[key.zfill(3)]
        raise UnknownIdentifier(text, self.suggest(key))

    def resolve_list(self, parts: list[str]) -> list[str]:
        """Ids of comma-separated `parts`, rejoining neighbours that form one name ('Korea', ' Republic of')."""
        ids, i = [], 0
        keys = [self._key(part) for part in parts]
        while i < len(parts):
            for j in range(min(len(parts), i + _MAX_PARTS_PER_NAME), i + 1, -1):
                found = self._exact(*keys[i:j])
                if found is not None:
                    ids.append(found)
                    i = j
                    break
            else:
                ids.append(self.resolve(parts[i]))
                i += 1
        return ids

    def suggest(self, key: str, limit: int = 3) -> list[tuple[str, str]]:
        """Ids whose names are closest to `key`, best first (a code is offered only for a code-like key)."""
        if not key or len(key) > 80:  # nothing that long is a name; spare difflib the work
            return []
        matcher = difflib.SequenceMatcher(b=key, autojunk=False)
        scored = []
        for canonical, spellings in self._spellings.items():
            candidates = spellings if len(key) > 3 else {canonical.casefold(), *spellings}
            best = 0.0
            for spelling in candidates:
                matcher.set_seq1(spelling)
                floor = max(best, _CUTOFF)  # the cheap upper bounds first, as difflib.get_close_matches does
                if matcher.real_quick_ratio() >= floor and matcher.quick_ratio() >= floor:
                    best = max(best, matcher.ratio())
            if best >= _CUTOFF:
                scored.append((-best, self._names[canonical], canonical))
        scored.sort()
        # A clearly better match is offered alone: 'Rusia' -> Russian Federation, not also Austria and Tunisia.
        close = [row for row in scored if row[0] <= scored[0][0] + 0.1] if scored else []
        return [(name, canonical) for _, name, canonical in close[:limit]]
