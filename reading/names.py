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
    in the same file) and the remembered aliases."""

    members: list[Member]
    aliases: dict[tuple[str, str], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_name: dict[str, list[Member]] = defaultdict(list)
        for m in self.members:
            self.by_name[m.name].append(m)
            simple = nz.simplified(m.name)
            if simple != m.name:
                self.by_name[simple].append(m)
        self.known = frozenset(self.by_name) | frozenset(a for a, _ in self.aliases)

    def match(self, name: str, sector_hint: str | None = None) -> str | None:
        """The member a name (with the 界别 written beside it) stands for, or None."""
        hint = sector_hint or ""
        for key in (name, nz.simplified(name)):
            found = self._candidates(key, hint)
            if len(found) == 1:
                return found[0].member_id
            if len(found) > 1:
                return self.aliases.get((name, hint)) or None
        return self.aliases.get((name, hint)) or self.aliases.get((name, ""))

    def _candidates(self, name: str, hint: str) -> list[Member]:
        found = self.by_name.get(name, [])
        if len(found) > 1 and hint:
            narrowed = [m for m in found if m.sector == hint]
            return narrowed or found
        return found

    def is_person_name(self, name: str) -> bool:
        return name in self.known or nz.simplified(name) in self.known or not nz.is_body(name)
