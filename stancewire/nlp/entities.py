"""Canonical entity mentions: the model's entities, corrected and merged.

Within one article: possessives, leading articles and titles are stripped;
a person's names ("Joseph R. Biden Jr.", "Joe Biden", "Mr. Biden") merge
into one, whose canonical name the people gazetteer gives where it knows
the person (see :mod:`stancewire.nlp.people`); gazetteer names (countries,
demonyms, capitals as governments, organisations, parties) override the
model's label and give the canonical name; an acronym the article defines
("the Committee to Protect Journalists (CPJ)") names what it abbreviates; a
party's members in Congress ("Senate Republicans", "GOP lawmakers") are a group
of their own, named beside the party.
Names that are page furniture (a headline run into the text, a name run
together with the next line) are dropped or cut.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from typing import NamedTuple

from spacy.tokens import Doc

from stancewire.nlp.gazetteer import Canonical, Gazetteer, GazetteerMatch, slug
from stancewire.nlp.people import People, PersonName, parse_name, same_person

_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)
_TITLES = (r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lord|Lady|Rev|Gen|Col|Capt|Sgt|Sen|Rep|Gov|"
           r"Pres|Adm)\.?\s+|(?:President|Prime Minister|Chancellor|Minister|Senator|Secretary|"
           r"General|Admiral|King|Queen|Prince|Princess|Pope|Judge|Governor|Mayor|Supreme Leader|"
           r"Ayatollah|Rabbi|Imam|Sheikh)\s+(?=[A-Z])")
_LEADING = re.compile(rf"(?:(?:the|The)\s+|{_TITLES})+")
# Before a person's name only: "Senate Majority Leader Mitch McConnell", but the
# "House Judiciary Committee" keeps its "House".
_PERSON_LEADING = re.compile(
    rf"(?:(?:the|The|[Aa]n?)\s+|{_TITLES}|(?:Sens|Reps|Lt|Atty)\.?\s+|(?:Vice|Former|former|"
    r"Speaker|House|Senate|Majority|Minority|Leader|Whip|Attorney|Chief|Justice|Ambassador|"
    r"Director|Chairman|Chairwoman|Congressman|Congresswoman|Representative|Candidate|"
    r"Lawmaker)\s+(?=[A-Z]))+"
)
# A lawmaker's title inside what the model took for a place or an organisation.
_TITLE_INSIDE = re.compile(r"\b(?:Sens?|Reps?|Gov|Senator|Representative|Congress(?:wo)?man)\.?\s+"
                           r"(?=[A-Z][\w'\u2019-]+\s+[A-Z])")
_TITLE_REACH = 40  # characters before a name that _IN_TITLE and _NAME_BEFORE look at
# The apostrophe as typed: straight, right quote, or the left quote some sites put there.
_POSSESSIVE = re.compile("['\u2018\u2019]s?$")
# "State" in "Secretary of State" is part of a title, not an organisation.
_IN_TITLE = re.compile(
    r"\b(?:Secretary|Secretaries|Minister|Ministers|Ministry)\s+of\s+(?:the\s+)?$"
)
# A headline run into the text: title-cased small words inside one "name".
_HEADLINE_WORDS = frozenset({"Of", "With", "To", "For", "In", "On", "As", "At", "By", "Is",
                             "Are", "Over", "After", "From", "Says", "Said", "Will", "Be"})
_FURNITURE = re.compile(r"\b(?:Newsletters?|Copyright|Subscribe|Getty Images|Photo)\b")
_NO_PLURAL = ("s", "sh", "ch", "ese", "x", "z")
_RUN_ON = re.compile(r"[a-z]{3}[A-Z]")
_NAME_BEFORE = re.compile(r"\b(?!The\s)[A-Z][\w.]*\s$")
_CAPITALISED_BEFORE = re.compile(r"\b[A-Z][\w'\u2019-]*\s$")  # "African " before "Americans"
_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z]{1,7})\)")
_ADMINISTRATION = re.compile(r"\s+[Aa]dministration\b")
# A party's members in one chamber, or in Congress, are a group of their own beside the
# party: "Senate Republicans", "the House GOP", "Democratic lawmakers". The party's
# adjective and plural noun, by its canonical id:
_PARTY_MEMBERS = {"republican-party": ("Republican", "Republicans"),
                  "democratic-party": ("Democratic", "Democrats")}
_PARTY_ADJECTIVES = frozenset({"Republican", "Democratic", "Democrat"})
_CHAMBER_BEFORE = re.compile(r"\b(House|Senate)\s$")
_MEMBERS_AFTER = re.compile(r"\s(lawmakers|legislators|senators|congressmen|representatives)\b")


class EntityMention(NamedTuple):
    """One mention of a canonical entity in the text."""

    canonical: Canonical
    text: str  # as written in the text, possessive and title stripped
    start: int
    end: int


class _Span(NamedTuple):
    start: int
    end: int
    label: str


def entity_mentions(text: str, doc: Doc, gazetteer: Gazetteer) -> Iterator[EntityMention]:
    """The canonical entity mentions of ``doc`` (of ``text``), in text order."""
    found = _in_article_country(text, list(gazetteer.matches(text)))
    spans = [span for ent in doc.ents if (span := _clean_span(text, ent.start_char,
                                                              ent.end_char, ent.label_))]
    spans = _with_missed_people(spans, [m for m in found if m.kind == "person"])
    found = [m for m in found if m.kind != "person"]
    # A contextual alias ("the Post") counts only where the article names its entity.
    named_ids = {m.canonical.id for m in found if not m.contextual}
    found = [m for m in found if not m.contextual or m.canonical.id in named_ids]
    overlapping = _Overlaps(found)
    kept = [span for span in spans
            if not any(_gazetteer_wins(text, m, span) for m in overlapping(span))]
    inside = {id(m) for span in kept for m in overlapping(span)
              if span.start <= m.start and m.end <= span.end}
    found = [m for m in found if id(m) not in inside]
    acronyms = _defined_acronyms(text, kept, found, gazetteer)
    mentions = [
        EntityMention(acronyms.get(text[m.start : m.end], m.canonical), text[m.start : m.end],
                      m.start, m.end)
        for m in found
    ]
    people = _people(text, kept, gazetteer.people)
    for span in kept:
        name = text[span.start : span.end]
        canonical = (people.get(span.start) or acronyms.get(name) or gazetteer.lookup(name)
                     or _unknown(name, span.label))
        if not canonical.id:
            continue
        if canonical.label == "PERSON" and (after := _ADMINISTRATION.match(text, span.end)):
            mentions.append(_administration(canonical, text, span.start, after.end()))
            continue
        mentions.append(EntityMention(canonical, name, span.start, span.end))
    mentions.extend(_party_groups(text, mentions))
    mentions.sort(key=lambda m: m.start)
    yield from mentions


def _clean_span(text: str, start: int, end: int, label: str) -> _Span | None:
    if label not in _LABELS:
        return None
    if label != "PERSON" and (titled := _TITLE_INSIDE.search(text, start, end)):
        start, label = titled.end(), "PERSON"  # "New Hampshire Sen. Kelly Ayotte" as a place
    if (newline := text.find("\n", start, end)) >= 0:  # a name run into the next line
        end = newline
    name = text[start:end]
    if (stripped := _POSSESSIVE.search(name)) and len(name) > stripped.end() - stripped.start():
        end -= stripped.end() - stripped.start()
    if leading := (_PERSON_LEADING if label == "PERSON" else _LEADING).match(text, start, end):
        start = leading.end()
    name = text[start:end].rstrip()
    if label == "PERSON":
        name = _person_part(name)
        if (cut := _POSSESSIVE.search(name)) and len(name) > cut.end() - cut.start():
            name = name[: cut.start()]
    end = start + len(name)
    in_title = _IN_TITLE.search(text, max(0, start - _TITLE_REACH), start)
    if not any(c.isupper() for c in name) or in_title:
        return None
    if _FURNITURE.search(name) or len(_HEADLINE_WORDS.intersection(name.split()[1:])) >= 2:
        return None
    return _Span(start, end, label) if end > start else None


def _person_part(name: str) -> str:
    """The name up to what cannot be part of it: a number ("Obama's 2015"), a word
    again ("Trump Trump"), a word run into the next ("TrumpJan")."""
    words: list[str] = []
    for word in name.split(" "):
        if word in words or any(c.isdigit() for c in word):
            break
        if run_on := _RUN_ON.search(word):
            words.append(word[: run_on.start() + 3])
            break
        words.append(word)
    return " ".join(words)


def _with_missed_people(spans: list[_Span], people: list[GazetteerMatch]) -> list[_Span]:
    """The model's spans and a known person's full name where the model found nothing
    ("House Minority Whip Steny Hoyer (D-Md.)")."""
    if not people:
        return spans
    missed = [_Span(m.start, m.end, "PERSON") for m in people
              if not any(s.start < m.end and m.start < s.end for s in spans)]
    return sorted([*spans, *missed]) if missed else spans


def _in_article_country(text: str, found: list[GazetteerMatch]) -> list[GazetteerMatch]:
    """Drop the short forms of a country's institutions ("the Senate") where the article
    does not name the country (or its parties), or where they end another name
    ("the Opera House")."""
    named = {m.country for m in found if m.country and not m.local and not m.contextual}
    return [m for m in found if not m.local or (
        m.country in named
        and not _NAME_BEFORE.search(text, max(0, m.start - _TITLE_REACH), m.start))]


def _gazetteer_wins(text: str, match: GazetteerMatch, span: _Span) -> bool:
    # A person's name that holds a place name stays a person ("Michael Jordan").
    if span.label == "PERSON" and span.end - span.start > match.end - match.start:
        return False
    # A name the match only begins is another entity ("Turkish Airlines", "the
    # Democratic National Committee"); "Sweden and Finland" is two. So is one it
    # ends ("the Texas Senate", "African Americans"), unless the match is a party
    # ("Senate Republicans" are the party) or a people after a lower-case word
    # ("Millions of Americans").
    goes_on = text[match.end : span.end]
    if goes_on[:1] == " " and goes_on[1:2].isupper():
        return False
    before = text[span.start : match.start]
    if match.kind == "demonym":
        return match.canonical.label != "GPE" or not _CAPITALISED_BEFORE.search(before)
    return not (before[-1:] == " " and before[:1].isupper())


class _Overlaps:
    """The gazetteer matches overlapping a span (they are in text order, never overlapping)."""

    def __init__(self, found: list[GazetteerMatch]) -> None:
        self._found = found
        self._starts = [m.start for m in found]
        self._ends = [m.end for m in found]

    def __call__(self, span: _Span) -> list[GazetteerMatch]:
        first = bisect_right(self._ends, span.start)
        return self._found[first : bisect_left(self._starts, span.end, first)]


def _defined_acronyms(text: str, spans: list[_Span], found: list[GazetteerMatch],
                      gazetteer: Gazetteer) -> dict[str, Canonical]:
    """"the Committee to Protect Journalists (CPJ)": CPJ -> that committee."""
    named = [(s.start, s.end, None) for s in spans] + [(m.start, m.end, m.canonical)
                                                       for m in found]
    acronyms: dict[str, Canonical] = {}
    for start, end, canonical in named:
        definition = _ACRONYM.match(text, end)
        name = text[start:end]
        if definition is None or definition.group(1)[0] != name[:1] or " " not in name:
            continue
        acronyms.setdefault(definition.group(1), canonical or gazetteer.lookup(name)
                            or Canonical(slug(name), name, "ORG"))
    return acronyms


def _people(text: str, spans: list[_Span], people: People) -> dict[int, Canonical]:
    """Start of each span that names a person -> the person's canonical name.

    Full names with the same surname and first name (or nickname) are one
    person, unless only a generation tells them apart: "Donald Trump Jr." beside
    "Donald Trump" is his son, and keeps the suffix in his canonical name
    ("Eric H. Holder Jr." beside "Eric Holder" is one man). A surname
    or first name alone is the person of its generation ("Trump Jr.", "Trump")
    named in full nearest before it (else after it), else the
    gazetteer's person, else itself; but a famous person's surname alone is
    them even beside a namesake the article names ("Trump" beside "Ivanka Trump").
    """
    parsed = [(span, name) for span in spans
              if (name := parse_name(text[span.start : span.end])) is not None]
    groups: list[tuple[PersonName, list[int]]] = []  # longest form, starts of its full names
    for span, name in parsed:
        if span.label != "PERSON" or name.first is None:
            continue
        group = next((g for g in groups if same_person(name, g[0])
                      and not _parent_and_child(name, g[0])), None)
        if group is None:
            groups.append((name, [span.start]))
        else:
            group[1].append(span.start)
            if _fullness(name) > _fullness(group[0]):
                groups[groups.index(group)] = (name, group[1])
    canonical_of = {id(g): _canonical_person(g[0], people, any(
        _parent_and_child(g[0], other[0]) for other in groups)) for g in groups}
    resolved: dict[int, Canonical] = {}
    for span, name in parsed:
        if name.first is not None:
            group = next((g for g in groups if span.start in g[1]), None)
            if group is not None:
                resolved[span.start] = canonical_of[id(group)]
            continue
        same = [g for g in groups if g[0].key == name.key or (
            " " not in name.surname and g[0].first == name.surname)]
        # "Trump Jr." is the son, "Trump" the father, wherever they stand.
        same = [g for g in same if g[0].generation == name.generation] or same
        known = people.canonical(name)
        if same and not (known and people.famous(known) and not name.generation
                         and all(canonical_of[id(g)].name != known for g in same)):
            resolved[span.start] = canonical_of[id(_nearest(same, span.start))]
        elif known:  # whatever the label: "Biden" as GPE
            resolved[span.start] = Canonical(slug(known), known, "PERSON")
    return resolved


def _party_groups(text: str, mentions: list[EntityMention]) -> list[EntityMention]:
    """The party groups named around the parties' mentions (the party stays named too)."""
    groups = []
    for mention in mentions:
        if (forms := _PARTY_MEMBERS.get(mention.canonical.id)) is None:
            continue
        start, end = mention.start, mention.end
        if members := _MEMBERS_AFTER.match(text, end):
            name, end = f"{forms[0]} {members.group(1)}", members.end()
        elif (chamber := _CHAMBER_BEFORE.search(text, max(0, start - _TITLE_REACH), start)) \
                and mention.text not in _PARTY_ADJECTIVES:
            name, start = f"{chamber.group(1)} {forms[1]}", chamber.start()
        else:
            continue
        groups.append(EntityMention(Canonical(slug(name), name, "NORP"), text[start:end],
                                    start, end))
    return groups


def _parent_and_child(name: PersonName, other: PersonName) -> bool:
    """Two names alike but for their generation ("Donald Trump Jr.", "Donald Trump"):
    writers add the suffix to tell two people apart, or to give the formal name
    ("Eric H. Holder Jr."), which then differs in other ways too."""
    return (name.generation != other.generation and name.full == other.full
            and name.initials == other.initials)


def _unknown(name: str, label: str) -> Canonical:
    if label == "NORP" and not name.endswith(_NO_PLURAL):  # "Muslim" voters are "Muslims"
        name += "s"
    return Canonical(slug(name), name, label)


def _fullness(name: PersonName) -> tuple[bool, int]:
    # "Vladimir Putin" over "V. Putin", "Recep Tayyip Erdogan" over "Recep Erdogan".
    return name.first is not None and not name.first.endswith("."), len(name.full.split())


def _canonical_person(name: PersonName, people: People, namesake: bool) -> Canonical:
    """``namesake``: the article names another generation of the same name in full."""
    if namesake:  # "Donald Trump Jr." beside "Donald Trump": the gazetteer's own entry only
        known = people.canonical(name, same_generation=True) or " ".join(
            filter(None, (name.full, name.generation)))
    else:
        known = people.canonical(name) or name.full
    return Canonical(slug(known), known, "PERSON")


def _nearest(groups: list[tuple[PersonName, list[int]]], at: int
             ) -> tuple[PersonName, list[int]]:
    before = [(max(s for s in g[1] if s < at), i) for i, g in enumerate(groups)
              if any(s < at for s in g[1])]
    if before:
        return groups[max(before)[1]]
    return min(groups, key=lambda g: min(g[1]))


def _administration(person: Canonical, text: str, start: int, end: int) -> EntityMention:
    """"the Obama administration" is the government he led, not Barack Obama."""
    surname = parse_name(person.name)
    name = f"{surname.surname if surname else person.name} administration"
    return EntityMention(Canonical(slug(name), name, "ORG"), text[start:end], start, end)
