"""Which roster member a name in a file stands for: one matcher for every import, built
from the roster (in the database or uploaded with the file) and the remembered aliases."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from reading import normalize as nz


@dataclass(frozen=True)
class Member:
    member_id: str
    name: str
    sector: str
    code: str | None


@dataclass
class Matcher:
    """Name → member, for one import. Built from the roster in the database (plus a roster
    in the same file) and the remembered aliases. It compares ``nz.name_key`` and
    ``nz.sector_key`` — the keys stored beside every name, by which the read-time views
    of data/schema.py match the same way when the roster comes after the records."""

    members: list[Member]
    aliases: dict[tuple[str, str], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_key: dict[str, list[Member]] = defaultdict(list)
        for m in self.members:
            self.by_key[nz.name_key(m.name)].append(m)
        self.by_code = {m.code: m for m in self.members if m.code}
        names = {m.name for m in self.members} | {nz.simplified(m.name) for m in self.members}
        self.known = frozenset(names) | frozenset(a for a, _ in self.aliases)

    def match(self, name: str, sector_hint: str | None = None, code: str | None = None) -> str | None:
        """The member a name stands for: the one roster member of that name; among
        namesakes, the one of the 编号 or 界别 written beside it; else a remembered alias."""
        hint = sector_hint or ""
        found = self.candidates(name, hint, code)
        if len(found) == 1:
            return found[0].member_id
        if found:
            return self.aliases.get((name, hint)) or None
        return self.aliases.get((name, hint)) or self.aliases.get((name, ""))

    def candidates(self, name: str, hint: str = "", code: str | None = None) -> list[Member]:
        found = self.by_key.get(nz.name_key(name), [])
        coded = self.by_code.get(code) if code else None
        if coded in found:
            return [coded]
        if len(found) > 1 and hint:
            narrowed = [m for m in found if nz.sector_key(m.sector) == nz.sector_key(hint)]
            return narrowed or found
        return found

    def is_person_name(self, name: str) -> bool:
        return name in self.known or nz.simplified(name) in self.known or not nz.is_body(name)
