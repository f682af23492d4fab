"""One vocabulary for every coded column: the built-in words of ``vocabulary.toml`` plus
the office's own (taught once, remembered in the database). A value is read through the
office's words, then the built-in exact words, negation, and words it contains; a value
none of them explains is an ``Unknown`` — a question to the clerk, not an error."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from reading import normalize as nz
from reading import vocab

BUILTIN: dict[str, dict] = vocab.VALUES
DOMAINS: tuple[str, ...] = tuple(BUILTIN)


class Unknown(ValueError):
    """A value the vocabulary of its column does not hold: ask the clerk what it means."""

    def __init__(self, domain: str, value: str, suggestion: str | None = None):
        super().__init__(f"{BUILTIN[domain]['label']}：未知的写法「{value}」")
        self.domain, self.value, self.suggestion = domain, value, suggestion


@dataclass
class Question:
    """One distinct unknown value of a coded column, with every cell that holds it."""

    domain: str
    value: str
    suggestion: str | None
    cells: list[tuple[str, int, str]] = field(default_factory=list)  # (sheet, row, column)
    choices: tuple[tuple[str, str], ...] = ()  # (answer, its text) when not the domain's meanings

    @property
    def label(self) -> str:
        return vocab.QUESTION_LABELS.get(self.domain) or BUILTIN[self.domain]["label"]

    def where(self, limit: int = 5) -> str:
        shown = "、".join(f"「{s}」第 {r} 行 {c}" for s, r, c in self.cells[:limit])
        return shown + (f" 等 {len(self.cells)} 处" if len(self.cells) > limit else "")


def key_of(value) -> str:
    """A written value as a lookup key: NFKC text without whitespace, upper case."""
    return _key(nz.text(value))


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    return _WHITESPACE.sub("", text).upper()


_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Vocabulary:
    """The built-in words and the office's: ``office[domain][key] = meaning``."""

    office: dict[str, dict[str, str]] = field(default_factory=dict)

    @cached_property
    def _exact(self) -> dict[str, dict[str, str]]:
        table: dict[str, dict[str, str]] = {}
        for domain, spec in BUILTIN.items():
            words = table.setdefault(domain, {})
            for meaning, written in spec.get("exact", {}).items():
                for w in written:
                    words.setdefault(key_of(w), meaning)
        return table

    def meanings(self, domain: str) -> dict[str, str]:
        """meaning → how it reads in Chinese, for a question's choices."""
        return dict(BUILTIN[domain].get("meanings", {}))

    @cached_property
    def _read(self) -> dict[tuple[str, str], str | None]:
        return {}  # (domain, key) → meaning, or None for a value nothing explains

    def read(self, domain: str, value) -> str:
        """What a written value means in its column; ``Unknown`` when nothing says."""
        key = key_of(value)
        if (domain, key) not in self._read:
            self._read[(domain, key)] = self._meaning(domain, key)
        meaning = self._read[(domain, key)]
        if meaning is None:
            raise Unknown(domain, nz.text(value), suggest(domain, key))
        return meaning

    def _meaning(self, domain: str, key: str) -> str | None:
        taught = self.office.get(domain, {})
        if key in taught:
            return taught[key]
        spec = BUILTIN[domain]
        if key in self._exact[domain]:
            return self._exact[domain][key]
        if (meaning := _negated(spec, key)) is not None:
            return meaning
        return _contained(spec.get("contains", {}), key)

    def negation(self, domain: str, value) -> str | None:
        """The negated meaning when a cell holds one of its column's negations, else None."""
        return _negated(BUILTIN[domain], key_of(value))

    def knows(self, domain: str, value) -> bool:
        try:
            self.read(domain, value)
        except Unknown:
            return False
        return True


def _negated(spec: dict, key: str) -> str | None:
    """The domain's negated meaning when the cell holds one of its negations (未签到,
    拟报送，未采用), never the meaning of the other words beside it."""
    if not any(key_of(n) in key for n in spec.get("negated_by", ())):
        return None
    for meaning, words in spec.get("negated_if", {}).items():
        if any(key_of(w) in key for w in words):
            return meaning
    return spec["negated"]


def _contained(table: dict[str, list[str]], key: str) -> str | None:
    for meaning, words in table.items():
        if any(key_of(w) in key for w in words):
            return meaning
    return None


def suggest(domain: str, key: str) -> str | None:
    """A likely meaning of an unknown value, offered to the clerk (never applied alone):
    the first meaning of the domain's ``suggest`` words the value contains."""
    return _contained(BUILTIN[domain].get("suggest", {}), key)


def ends_with(domain: str, part: str) -> str | None:
    """The meaning of a part that ends with one of the domain's words (市政协副主席 → 副主席)."""
    for meaning, words in BUILTIN[domain].get("ends", {}).items():
        if any(part.endswith(w) for w in words):
            return meaning
    return None
