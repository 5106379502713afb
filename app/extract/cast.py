"""The article's cast: the people and organisations it names, and what later mentions
("Mr Blinken", "the minister", "she") refer to."""

from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

Position = tuple[int, int]  # (paragraph, character offset)
_LOOK_BACK = 400  # mentions, and entities


@dataclass(eq=False)
class Entity:
    name: str
    kind: str  # "person" or "organisation"
    role: str | None = None
    gender_votes: Counter = field(default_factory=Counter)
    introduced: bool = False  # named with a title, honorific or apposition: worth listing
    quoted: bool = False
    first: Position = (0, 0)

    @property
    def gender(self) -> str | None:
        if not self.gender_votes:
            return None
        (top, count), *rest = [*self.gender_votes.most_common(2), (None, 0)]
        return top if count > rest[0][1] else None

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    def vote(self, gender: str | None, weight: int = 1) -> None:
        if gender:
            self.gender_votes[gender] += weight


@dataclass(slots=True)
class Mention:
    entity: Entity
    at: Position
    subject: bool
    speaker: bool  # the resolved speaker of a quote: the strongest antecedent of all
    sentence: tuple[int, int]  # (paragraph, sentence index)


def _matching(mentions: list[Mention], gender: str | None) -> Mention | None:
    if not gender:
        return None
    matched = [m for m in mentions if m.entity.gender == gender]
    return next((m for m in matched if m.subject), matched[0] if matched else None)


@dataclass
class Cast:
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def named(
        self,
        name: str,
        *,
        kind: str,
        at: Position,
        role: str | None = None,
        gender: str | None = None,
    ) -> Entity:
        """The entity a full or partial name refers to, added if the article has not named it."""
        entity = self._by_name(name, at) if " " in name else self.by_surname(name, at, gender)
        if entity is None:
            entity = Entity(name=name, kind=kind, first=at)
            self.entities.append(entity)
        elif len(name) > len(entity.name) and name.endswith(entity.name):
            entity.name = name  # "Biden", then "Joe Biden"
        if role and not entity.role:
            entity.role = role
        return entity

    def _by_name(self, name: str, at: Position) -> Entity | None:
        lowered = name.lower()
        surname = name.split()[-1]
        return self._find(
            at,
            lambda e: (
                e.name.lower() == lowered
                # "de Vries" after "Willem de Vries"
                or e.name.lower().endswith(" " + lowered)
                # a surname-only entity ("Biden") met before the full name
                or (" " not in e.name and e.name == surname)
            ),
        )

    def by_surname(self, surname: str, at: Position, gender: str | None = None) -> Entity | None:
        """ "Blinken" for Antony Blinken; "Harwood" for Harwood Foods; "CMA" for the
        Competition and Markets Authority. "Mrs Smith" is not the Mr Smith met before."""
        return self._find(
            at,
            lambda e: (
                (not gender or e.gender in (None, gender))
                and (
                    e.name == surname
                    or (e.kind == "person" and e.surname == surname)
                    or (
                        e.kind == "organisation"
                        and surname in (e.name.split()[0], _initials(e.name))
                    )
                )
            ),
        )

    def by_role(self, head: str, at: Position, kind: str) -> Entity | None:
        return self._find(
            at, lambda e: e.kind == kind and bool(e.role) and head in e.role.lower().split()
        )

    def latest(
        self,
        at: Position,
        *,
        kind: str = "person",
        gender: str | None = None,
        within: int = 4,
        exclude: list[Entity] | None = None,
    ) -> Entity | None:
        """The entity a pronoun or a bare description refers to.

        In the last sentence that names someone of the right kind: the speaker of a quote,
        else one whose known gender matches the pronoun, else its subject. Then one of the
        right gender in the sentence before; then the most recent subject or mention.
        """
        candidates = [
            m for m in self._before(at, kind=kind, within=within) if m.entity not in (exclude or [])
        ]
        if gender:
            candidates = [m for m in candidates if m.entity.gender in (gender, None)]
        if not candidates:
            return self._protagonist(at, kind=kind, gender=gender)
        recent = sorted({m.sentence for m in candidates}, reverse=True)[:2]
        last = [m for m in candidates if m.sentence == recent[0]]
        before = [m for m in candidates if m.sentence in recent[1:]]
        for pick in (
            next((m for m in last if m.speaker), None),
            _matching(last, gender),
            next((m for m in last if m.subject), None),
            _matching(before, gender),
            next((m for m in candidates if m.subject), None),
        ):
            if pick is not None:
                return pick.entity
        return candidates[0].entity

    def _protagonist(self, at: Position, *, kind: str, gender: str | None) -> Entity | None:
        """Long after anyone was last named, "she" is the person the article is about: the
        one of that gender named most often so far (an obituary's subject, say)."""
        counts: Counter = Counter()
        for mention in self.mentions[: self._index(at)][-_LOOK_BACK:]:
            entity = mention.entity
            if entity.kind == kind and (not gender or entity.gender == gender):
                counts[id(entity)] += 1
        if not counts:
            return None
        (top, _), *_ = counts.most_common(1)
        return next(m.entity for m in self.mentions if id(m.entity) == top)

    def latest_many(self, at: Position, *, kind: str, count: int) -> list[Entity]:
        """ "The two companies said": the last `count` of a kind, in order of first mention."""
        found: list[Entity] = []
        for mention in self._before(at, kind=kind, within=6):
            if mention.entity not in found:
                found.append(mention.entity)
        return sorted(found[:count], key=lambda e: e.first)

    def _before(self, at: Position, *, kind: str, within: int) -> list[Mention]:
        """Mentions of a kind before `at`, most recent first, in the last few paragraphs."""
        found = []
        stop = self._index(at)
        for i in range(stop - 1, max(-1, stop - 1 - _LOOK_BACK), -1):
            mention = self.mentions[i]
            if mention.at[0] < at[0] - within:
                break
            if mention.entity.kind == kind:
                found.append(mention)
        return found

    def mention(
        self,
        entity: Entity,
        at: Position,
        *,
        subject: bool,
        sentence: tuple[int, int],
        speaker: bool = False,
    ) -> None:
        insort(self.mentions, Mention(entity, at, subject, speaker, sentence), key=_position)

    def _index(self, at: Position) -> int:
        """Where mentions at or after `at` begin."""
        return bisect_left(self.mentions, at, key=_position)

    def _find(self, at: Position, wanted: Callable[[Entity], bool]) -> Entity | None:
        """The entity most recently mentioned before `at` that is `wanted`; failing that, the
        latest introduced. Both look-backs are bounded, so a long article stays linear."""
        seen: set[int] = set()
        for i in range(self._index(at) - 1, max(-1, self._index(at) - 1 - _LOOK_BACK), -1):
            entity = self.mentions[i].entity
            if id(entity) not in seen:
                seen.add(id(entity))
                if wanted(entity):
                    return entity
        return next((e for e in self.entities[: -_LOOK_BACK - 1 : -1] if wanted(e)), None)


def _initials(name: str) -> str:
    small = {"and", "of", "for", "the", "&"}
    return "".join(w[0] for w in name.split() if w.lower() not in small).upper()


def _position(mention: Mention) -> Position:
    return mention.at
