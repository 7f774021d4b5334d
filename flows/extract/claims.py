"""Turn what the extractors found into claims: the rows of the versioned store.

A claim's identity says what it is about, never what it says, so a later article's "19%" where an earlier one
said "20%" is a new version of the same claim. The identity of each kind (see the README, "What makes two
statements the same claim"):
- quantity: holder (whose figure: the bidder, the country) + measure (offer, stake, base rate, from the tables
  in ``data/measures.tsv``) + qualifiers that make it another fact (the quarter or year it is for) + the unit's
  dimension (USD/share, percent). A figure without a holder or a measure stays evidence of its own article:
  its key names the article, so no other figure ever joins it.
- event: its type (``data/events.tsv``: talks = discussions = negotiations) + its place; an event already in the
  past when reported is also keyed by its date (it happened; a later date is another occurrence).
- quote / statement: speaker + words; without a speaker, private to the article.
Valid time is the date the sentence places the claim at ("On Tuesday the group said …", "yesterday"), else the
article's date, so a stale restatement lands in the past and is no change.

Everything here is linear in the article: sentences are found by bisection, and each sentence's hedges, timexes
and entities are indexed once.
"""

from __future__ import annotations

import functools
import operator
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import Enum
from pathlib import Path
from typing import TypeVar

from flows.extract.alternation import word_alternation
from flows.extract.entities import FIRST_NAMES, ORG_SUFFIXES
from flows.extract.gazetteer import country_of
from flows.extract.names import TITLE_WORDS
from flows.extract.quantities import STOP_WORDS
from flows.extract.stretches import case_folded
from flows.extract.units import display_unit
from flows.records import Claim, EntityMention, ParsedArticle, Quantity, Quote, Span, Timex

DATA_DIR = Path(__file__).with_name("data")
ACTOR_TYPES = ("ORG", "PERSON")
PLACE_TYPES = ("GPE",)
UNRESOLVED = "(unresolved)"
# how far around a number its measure word may stand (characters, within the sentence)
MEASURE_AFTER = 40
STATED_AT_REACH = 200
PLACE_REACH = 200  # characters around an economy's figure in which its country is named
ACTOR_REACH = 150  # characters before a figure in which the name acting on it stands
MEASURE_BEFORE = 140


@dataclass(frozen=True)
class _Words:
    """Words to find in any letter case, as a case-blind pattern and as a case-sensitive one for case-folded text
    (stretches.case_folded). Both find the same words at the same places there, but the case-sensitive one is
    several times faster: it rules out a group of words on one character comparison, where the case-blind one
    enters every group."""

    blind: re.Pattern[str]
    lower: re.Pattern[str]
    words: tuple[str, ...]  # in lower case

    @functools.cached_property
    def needles(self) -> tuple[str, ...]:
        """The words holding no other of them: each of the words holds one of these ("reportedly" holds
        "reported")."""
        return tuple(word for word in self.words
                     if not any(other != word and other in word for other in self.words))


def _case_blind_words(words: Iterable[str]) -> _Words:
    """Whole words or phrases, in any letter case."""
    lowered = tuple(dict.fromkeys(word.lower() for word in words))
    alternation = word_alternation(lowered, ignore_case=True)
    pattern = rf"\b(?:{alternation})\b"
    # in case-folded text a lower-case ASCII pattern finds, case-sensitively, what it finds case-blind in the text
    lower = re.compile(pattern) if pattern.isascii() and pattern == pattern.lower() else re.compile(pattern, re.I)
    return _Words(re.compile(pattern, re.IGNORECASE), lower, lowered)


# Verbs saying the value is new, when "to <figure>" follows: "raised its offer to", "rates were cut to", "now
# holds", and proposed changes, "said it would raise its offer to 92.50 dlrs" ("rise" stays out: "a pay rise of").
CHANGE_CUES = _case_blind_words(
    "raised raising raise cut cutting lowered lowering lower increased increasing increase reduced reducing reduce "
    "amended revised boosted boost sweetened sweeten fell rose dropped trimmed lifted hiked slashed now".split()
)


def _rows(name: str) -> list[list[str]]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, list[tuple[str, str, frozenset[str]]]], dict[str, str], _Words, _Words, _Words,
                       frozenset[str]]:
    # one word may name several measures, each for other kinds of figure ("halted" 160 ships / for four months)
    measures: dict[str, list[tuple[str, str, frozenset[str]]]] = {}
    for written, measure, holder, kinds in _rows("measures.tsv"):
        measures.setdefault(written, []).append((measure, holder, frozenset(kinds.split(","))))
    events = {written: kind for written, kind in _rows("events.tsv")}
    hedges = [row[0] for row in _rows("hedges.tsv")]
    suffixes = frozenset(row[0] for row in _rows("holder_suffixes.tsv"))
    return (
        measures,
        events,
        _case_blind_words(measures),
        _case_blind_words(events),
        _case_blind_words(hedges),
        suffixes,
    )


@dataclass(slots=True)
class _Sentence:
    span: Span
    # its entities and timexes in order of start, and their starts: a sentence naming no one and no date (most of a
    # recent story's) keeps the shared empty tuples, and is neither filled nor sorted
    entities: Sequence[EntityMention] = ()
    timexes: Sequence[Timex] = ()
    hedges: list[tuple[int, str]] | None = None  # (position, word), found on first use
    event_nouns: list[re.Match[str]] | None = None  # found on first use
    subject: EntityMention | None = None  # found on first use, when subject_known
    subject_known: bool = False
    person: str | None = None  # the first person's name, found on first use, when person_known
    person_known: bool = False
    entity_starts: Sequence[int] = ()
    timex_starts: Sequence[int] = ()

    def entities_between(self, start: int, end: int) -> Sequence[EntityMention]:
        """The entities starting in [start, end): a bounded look around a position, whatever the sentence's length."""
        return self.entities[bisect_left(self.entity_starts, start):bisect_left(self.entity_starts, end)]

    def timexes_between(self, start: int, end: int) -> Sequence[Timex]:
        return self.timexes[bisect_left(self.timex_starts, start):bisect_left(self.timex_starts, end)]


_Found = TypeVar("_Found", EntityMention, Timex)
_START = operator.attrgetter("start")


class _Article:
    """Per-article indexes, built once: sentence lookup by bisection, entities and timexes per sentence."""

    def __init__(self, parsed: ParsedArticle, entities: list[EntityMention], timexes: list[Timex]) -> None:
        self.parsed = parsed
        self.text = parsed.text
        # the text as a case-blind pattern reads it, for the fast word patterns; None when folding moves offsets
        self.lower_text = case_folded(self.text)
        # most stories hold no hedge word at all, and most sentences of the others none: a few substring looks
        # spare them a scan of each sentence
        self.hedges_held = self.needles_held(_tables()[4])
        self.published = parsed.published
        self.published_day = self.published.isoformat() if self.published else None
        self.sentences = [_Sentence(span) for span in parsed.sentences] or [_Sentence(Span(0, len(parsed.text)))]
        self.starts = [sentence.span.start for sentence in self.sentences]
        # the capitalised run around each place a name stands, and each organisation's name as written in full:
        # the holder type, the long names and every figure's holder ask for them, most many times over
        self._runs: dict[tuple[int, int], re.Match[str] | None] = {}
        self._names: dict[tuple[int, int, str], str] = {}
        # a ticker symbol is written in angle brackets, which most recent stories never use: then no mention
        # needs the look
        may_hold_tickers = "<" in self.text
        entities = [_as_holder_type(self, m) for m in entities
                    if not (may_hold_tickers and _is_ticker(self.text, m))]
        for sentence, mentions in self._by_sentence(entities):
            sentence.entities, sentence.entity_starts = mentions, [mention.start for mention in mentions]
        for sentence, found in self._by_sentence(timexes):
            sentence.timexes, sentence.timex_starts = found, [timex.start for timex in found]
        self.timex_days: dict[int, tuple[date | None, date | None]] = {}
        self._joint_bidders: str | None = None
        self._group_leader: str | None = None
        self._targets: dict[str, frozenset[str]] | None = None
        self.figure_ends: list[int] = []  # where the story's figures end, once the quantity claims know them
        self.entities = entities
        self.title = parsed.article.meta.title or ""

    def _by_sentence(self, found: Iterable[_Found]) -> Iterator[tuple[_Sentence, list[_Found]]]:
        """The sentences `found` (entities or timexes) start in, each with its own in order of start."""
        by_index: defaultdict[int, list[_Found]] = defaultdict(list)
        for item in found:
            by_index[bisect_right(self.starts, item.start, 1) - 1].append(item)  # (index_of)
        for index, items in by_index.items():
            items.sort(key=_START)
            yield self.sentences[index], items

    # What only the story's figures ask for, worked out the first time one does: many stories hold no figure,
    # and many figures have no holder.

    @functools.cached_property
    def long_names(self) -> dict[str, str]:
        """The longest name each organisation is written in full with, by its first word in lower case."""
        long_names: dict[str, str] = {}
        for mention in self.entities:
            if mention.type == "ORG":
                name = self.mention_name(mention)
                if " and " in name or any(word.lower() in TITLE_WORDS for word in name.split()[1:]):
                    # "Dixons Group PLC and Cyacq" may be two names, "Renault President Raymond Levy" a company
                    # and a person: no one's full name
                    continue
                first = name.split()[0].lower()
                if len(name) > len(long_names.get(first, "")):
                    long_names[first] = name
        return long_names

    @functools.cached_property
    def groups(self) -> dict[frozenset[str], str]:
        return _defined_groups(self.text)

    @functools.cached_property
    def group_members(self) -> dict[str, frozenset[str]]:
        return {holder_key(name): members for members, name in self.groups.items()}

    @functools.cached_property
    def group_name(self) -> str | None:
        named_group = _GROUP_NAMED.search(self.text) if _GROUP_NOUN_COMMA.search(self.text) else None
        return named_group.group(1).strip("<>") if named_group else None

    @functools.cached_property
    def entity_counts(self) -> Counter[str]:
        return Counter(mention.canonical for mention in self.entities)

    @functools.cached_property
    def main_entity(self) -> str | None:
        """The most named (the first of equals, as Counter.most_common(1) picks it)."""
        return max(self.entity_counts, key=self.entity_counts.__getitem__, default=None)

    @functools.cached_property
    def topic(self) -> tuple[str | None, int]:
        """The country the story is about, and how often it names it (_topic_country)."""
        return _topic_country(self.text, self.entities, self.parsed.article.meta.title)

    def topic_actor(self) -> EntityMention | None:
        """The organisation the story names most (of equals, the first named): asked for only when no sentence
        before a figure tells whose it is."""
        counts = self.entity_counts
        return max((m for m in self.entities if m.type == "ORG"), key=lambda m: (counts[m.canonical], -m.start),
                   default=None)

    def run_around(self, mention: EntityMention) -> re.Match[str] | None:
        key = (mention.start, mention.end)
        if key not in self._runs:
            self._runs[key] = _run_around(self.text, mention)
        return self._runs[key]

    def mention_name(self, mention: EntityMention) -> str:
        """An organisation as written in full (_mention_name), worked out once per mention."""
        if mention.type != "ORG":
            return mention.canonical
        key = (mention.start, mention.end, mention.canonical)
        name = self._names.get(key)
        if name is None:
            name = self._names[key] = _mention_name(self.text, mention, self.run_around(mention))
        return name

    def full_name(self, name: str | None) -> str | None:
        """The fullest name the article gives an organisation: "TransCanada" → "TransCanada PipeLines Ltd"; the
        group's name for its members named together: "AFG and Wagner and Brown" → "General Partners", when the
        story says "General Partners, comprised of AFG Industries and Wagner and Brown"."""
        if name is None:
            return None
        group = self.groups.get(_member_words(name)) if " and " in name else None
        if group:
            return group
        first = name.split()[0].lower() if name.split() else ""
        longer = self.long_names.get(first)
        return longer if longer and len(longer) > len(name) and longer.lower().startswith(name.lower()) else name

    def joint_bidders(self) -> str | None:
        """The names the story says launched an offer together, as one holder: "Wagner and Brown, along with AFG
        Industries Inc, recently launched a tender offer" → "Wagner and Brown and AFG Industries Inc". Looked for
        once per article, and only when a figure's holder is a group the story does not name."""
        if self._joint_bidders is None:
            found = _JOINT_BIDDERS.search(self.text)
            self._joint_bidders = f"{found.group(1)} and {found.group(2)}" if found else ""
        return self._joint_bidders or None

    def targets(self, measure: str) -> frozenset[str]:
        """Holder keys of the companies the story names as what a measure is of ("the offer for GenCorp"): one
        pass over the story, the first time a figure asks."""
        if self._targets is None:
            phrases, pattern, first_words = _target_phrases()
            found: dict[str, set[str]] = defaultdict(set)
            # the headline too: "SUNTER BEGINS TENDER FOR ALLEGHENY" (a capitals-only one read in title case)
            headline = self.title.title() if self.title.isupper() else self.title
            for text, folded in ((headline, case_folded(headline)), (self.text, self.lower_text)):
                for match in _matches_at_words(pattern, first_words, text, folded):
                    found[phrases[" ".join(match.group(1).lower().split())]].add(holder_key(match.group(2)))
            bidders = self._bidders() if found else set()  # a story naming no target needs no bidders
            self._targets = {name: frozenset(keys - bidders) for name, keys in found.items()}
        return self._targets.get(measure, frozenset())

    def _bidders(self) -> set[str]:
        """Holder keys of the names the story says make an offer: a bidder that is bid for too ("USAir offered 71
        dlrs" beside "an offer to acquire USAir") stays a bidder."""
        return {holder_key(" ".join(words[start:])) for match in _bidder_matches(self.text)
                for words in [match.group(1).split()] for start in range(len(words))}  # "In February USAir"

    def defined_group(self) -> str | None:
        """The one group the story defines by its members ("Northstar Partners, comprised of …"), if one."""
        names = {name for name in self.groups.values() if name.split()[0] not in ("The", "A", "An")}
        return names.pop() if len(names) == 1 else None

    def group_leader(self) -> str | None:
        """Whose group the story's unnamed group is, when it says so once: "a group formed by Theodore Cross"."""
        if self._group_leader is None:
            found = _GROUP_LEADER.search(self.text)
            self._group_leader = found.group(1) if found else ""
        return self._group_leader or None

    def is_target(self, holder: str, measure: str) -> bool:
        """Whether the story names the holder as what the measure is of, by its name or a shorter or longer form
        of it ("Harper and Row" for "Harper and Row Publishers Inc")."""
        key = holder_key(holder)
        return any(key == target or key.startswith(target + " ") or target.startswith(key + " ")
                   for target in self.targets(measure))

    def members_of(self, holder: str) -> str | None:
        """Who makes up a holder, when the story says: a group it defines, or names joined by "and" (two or more),
        as sorted first words joined by "+" ("afg+brown+wagner")."""
        members = self.group_members.get(holder_key(holder))
        if members is None and " and " in holder:
            members = _member_words(holder)
        return "+".join(sorted(members)) if members and len(members) >= 2 else None

    def scan(self, words: _Words) -> tuple[re.Pattern[str], str]:
        """The pattern and the text to look for `words` in: offsets and words found (in lower case) are the same
        either way, the lower-cased text is faster."""
        return (words.lower, self.lower_text) if self.lower_text is not None else (words.blind, self.text)

    def needles_held(self, words: _Words) -> tuple[str, ...] | None:
        """Those of the needles of `words` the case-folded text holds, where a match of the case-sensitive pattern
        holds one of them as written; None when it cannot be told (text that cannot be folded, or a pattern that
        stays case-blind), and any of `words` may stand anywhere."""
        if self.lower_text is None or words.lower.flags & re.IGNORECASE:
            return None
        return tuple(needle for needle in words.needles if needle in self.lower_text)

    def may_hold_some(self, needles: tuple[str, ...] | None, start: int, end: int) -> bool:
        """Whether the text from `start` to `end` may hold a match of the words `needles` (needles_held) are of:
        a few substring looks that spare most sentences a scan by the pattern."""
        lower_text = self.lower_text
        if needles is None or lower_text is None:
            return True
        for needle in needles:
            if lower_text.find(needle, start, end) != -1:
                return True
        return False

    def may_hold(self, word: str, start: int, end: int) -> bool:
        """Whether the text from `start` to `end` may hold `word` (in lower case) in any letter case: a quick look
        that spares a case-blind search which cannot match (text that cannot be folded is always searched)."""
        return self.lower_text is None or self.lower_text.find(word, start, end) != -1

    def index_of(self, position: int) -> int:
        """The index of the sentence holding `position`: the first one's for a position before it (the search
        from the second start on returns 1 at least)."""
        return bisect_right(self.starts, position, 1) - 1

    def sentence_at(self, position: int) -> _Sentence:
        return self.sentences[self.index_of(position)]

    def hedge_before(self, position: int) -> str | None:
        """A hedge word ("reportedly", "according to") standing before `position` in its sentence."""
        if self.hedges_held == ():
            return None
        sentence = self.sentence_at(position)
        if sentence.hedges is None:
            if self.may_hold_some(self.hedges_held, sentence.span.start, sentence.span.end):
                hedge_words, text = self.scan(_tables()[4])
                sentence.hedges = [
                    (match.start(), match.group(0).lower())
                    for match in hedge_words.finditer(text, sentence.span.start, sentence.span.end)
                ]
            else:
                sentence.hedges = []
        return next((word for start, word in sentence.hedges if start < position), None)

    def event_nouns(self, sentence: _Sentence) -> list[re.Match[str]]:
        """The event nouns of a sentence, found once: both the places and the dates of events look for them."""
        if sentence.event_nouns is None:
            event_words, text = self.scan(_tables()[3])
            sentence.event_nouns = list(event_words.finditer(text, sentence.span.start, sentence.span.end))
        return sentence.event_nouns

    def recent_subject(self, position: int) -> EntityMention | None:
        """Who "it", "the company" or an unnamed subject is: the last sentence subject up to here (the lead's, in
        a wire story), looking back a few sentences only."""
        index = self.index_of(position)
        for sentence in self.sentences[index : max(-1, index - 6) : -1]:
            subject = self.subject_of(sentence)
            if subject is not None and subject.type == "ORG":
                return subject
        return None

    def subject_of(self, sentence: _Sentence) -> EntityMention | None:
        """The sentence's subject (_subject_of), found once, when a figure's holder first asks: most sentences
        hold no figure whose holder needs it."""
        if not sentence.subject_known:
            sentence.subject = _subject_of(self.text, sentence)
            sentence.subject_known = True
        return sentence.subject

    def _days(self, sentence: _Sentence, timex: Timex) -> tuple[date | None, date | None]:
        """The day a dated expression places a statement at, away from the figure and right next to it; worked
        out once per expression (a sentence of many dates asks for each many times)."""
        known = self.timex_days.get(timex.start)
        if known is None:
            if _dates_something_else(self.text, sentence.span, timex):
                known = (None, None)
            else:
                known = _days_of(timex, self.text, sentence.span, self.published)
            self.timex_days[timex.start] = known
        return known

    def _dates_a_later_figure(self, position: int, timex: Timex) -> bool:
        """"10 to 10.2 mln tonnes, down from the 10 to 10.4 mln tonnes estimated a week ago": the date is the
        later figure's, which it follows as "estimated …"."""
        # the figures ending after `position` and by the date's start: a run of the sorted ends
        first, last = bisect_right(self.figure_ends, position), bisect_right(self.figure_ends, timex.start)
        return first < last and _ESTIMATED_BEFORE.match(self.text, self.figure_ends[last - 1], timex.start) is not None

    def stated_at(self, sentence: _Sentence, position: int, exclude: Timex | None = None) -> str | None:
        """The day the sentence places what it says at: the nearest past (or today's) dated expression in the
        sentence ("On Tuesday the group said …", "yesterday"), else the article's date."""
        if not sentence.timexes or self.published is None:
            return self.published_day
        best: tuple[int, date] | None = None
        for timex in sentence.timexes_between(position - STATED_AT_REACH, position + STATED_AT_REACH):
            distance = abs(timex.start - position)
            if timex is exclude or best is not None and distance >= best[0]:
                continue
            # the day first, worked out once per expression: many are no past day (a duration, a date to come),
            # and then the words between need no look
            day = self._days(sentence, timex)[distance <= 25]
            if day is None or day > self.published:
                continue
            if _CLAUSE_BREAK.search(self.text, min(timex.end, position), max(timex.start, position)):
                continue  # "the strike started on February 27, and union leaders said …": another clause's date
            if timex.start > position and self._dates_a_later_figure(position, timex):
                continue
            best = (distance, day)
        if best is not None:
            return best[1].isoformat()
        return self.published_day


# A capitalised word of a name; initials keep their points ("E.F. Hutton", "David F. La Roche", "DIM S.A."), any other
# word stops before one, so a name never runs on past a full stop ("owned by Renault. Renault President ...")
_NAME_WORD = r"(?:[A-Z]\.(?:[A-Z]\.)*(?!\w)|[A-Z][\w&/-]*(?:\.\w[\w&/-]*)*)"


# "General Partners, comprised of AFG Industries and Wagner and Brown", "Cyacq was formed by Citicorp Capital
# Investors Ltd and Audio Video Affiliates": a group's name, then who makes it up
_GROUP_CUES = (r"comprised of|comprising|formed by|controlled by|owned by|made up of|led by|which includes|which include|"
               r"an affiliate of|a partnership of|owned by affiliates of")
_GROUP_DEFINED = re.compile(
    rf"<?({_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}})>?(?:,[ \t]+(?:an?|the)?[ \t]*(?:[\w-]+[ \t]+){{0,3}}?| was | is )"
    rf"(?:{_GROUP_CUES})[ \t]+([^.;:]{{3,120}})"
)
# every group definition holds a cue on the line its name stands on: the costly scan reads only the lines holding one
_GROUP_CUE_WORDS = tuple(_GROUP_CUES.split("|"))
GROUP_MEMBERS_REACH = 120  # characters the members of a group may run on after its cue (_GROUP_DEFINED)


# A member in a list: a capitalised word after at most three lower-case ones ("by AFG Industries", "a unit of
# Citicorp"); a part without one ends the list ("…, raised the value of its offer for Cyclops")
_MEMBER_WORD = re.compile(r"(?:[a-z][\w-]*\s+){0,3}([A-Z][\w/-]*)")


_MEMBER_SEPARATOR = re.compile(r",\s+|\s+and\s+")


def _member_words(names: str) -> frozenset[str]:
    """The first capitalised word of each name in "privately-held Wagner and Brown and by AFG Industries Inc"."""
    words: set[str] = set()
    for part in _MEMBER_SEPARATOR.split(names.strip()):
        word = _MEMBER_WORD.match(part)
        if word is None:
            break
        words.add(word.group(1).lower())
    return frozenset(words)


def _defined_groups(text: str) -> dict[frozenset[str], str]:
    """Groups the story defines by their members: the member words → the group's name (two members or more)."""
    groups: dict[frozenset[str], str] = {}
    for match in _group_definitions(text):
        members = match.group(2).split(", said")[0].split(" to ")[0]
        words = _member_words(members) - {match.group(1).split()[0].lower()}
        if len(words) >= 2:
            groups.setdefault(words, match.group(1))
    return groups


def _group_definitions(text: str) -> Iterator[re.Match[str]]:
    """_GROUP_DEFINED.finditer(text), searched from the lines holding a cue only: a definition's name and cue stand
    on one line, and the members after it run on at most GROUP_MEMBERS_REACH characters past its end."""
    end = 0  # where the last definition found ends
    for line_start, line_end in _lines_holding(text, _GROUP_CUE_WORDS):
        position = max(line_start, end)
        while position <= line_end:
            match = _GROUP_DEFINED.search(text, position, line_end + GROUP_MEMBERS_REACH + 1)
            if match is None or match.start() > line_end:
                break  # (one starting on a later line is found from that line)
            yield match
            end = position = match.end()


def _lines_holding(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """The lines of `text` holding any of `words` (as written), as (start, end before the line break), in order."""
    lines = set()
    for word in words:
        found = text.find(word)
        while found != -1:
            line_end = text.find("\n", found)
            line_end = len(text) if line_end == -1 else line_end
            lines.add((text.rfind("\n", 0, found) + 1, line_end))
            found = text.find(word, line_end)
    return sorted(lines)


# Where one clause of a sentence ends and a coordinated one begins
_CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but|while|whereas)\s")


def _topic_country(text: str, entities: list[EntityMention], title: str | None) -> tuple[str | None, int]:
    """The country a story is about: the one it names most (also inside names: "Bank of England"), else the one
    its cities are in (not a city inside a name: "National Westminster"), else one its headline names (some wire
    stories are all lower case); with how often the story names it or its cities."""
    named: Counter[str] = Counter()
    cities: Counter[str] = Counter()
    organisations: Counter[str] = Counter()  # each name's countries are looked up once, however often it stands
    for mention in entities:
        if mention.type in PLACE_TYPES:
            country = _country_of(mention.canonical)
            if country == mention.canonical:
                named[country] += 1
            elif country and not _NAME_BEFORE.search(text[max(0, mention.start - 20):mention.start]):
                cities[country] += 1
        elif mention.type == "ORG":
            organisations[mention.canonical] += 1
    for name, times in organisations.items():
        for word in name.split():
            country = _country_word(word)
            if country:
                named[country] += times
    for counts in (named, cities):
        if counts:
            country = max(counts, key=lambda c: (counts[c], c))
            return country, named[country] + cities[country]
    title_words = _TITLE_WORD.findall(title or "")
    for word in title_words:
        country = _country_word(word.title()) or _country_word(word.upper())
        if country:
            return country, 0
    for first, second in zip(title_words, title_words[1:] + [""]):
        # "GERMAN METALWORKERS' WAGE TALKS BEGIN": a headline's demonym, two words first ("WEST GERMAN")
        country = _demonyms().get(f"{first} {second}".title()) or _demonyms().get(first.title())
        if country:
            return country, 0
    return None, 0


_NAME_BEFORE = re.compile(r"[A-Z][\w.]*\s+$")  # a capitalised word right before a city: "National Westminster"
_TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z.]+")


@functools.lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    return {written: country for written, country in _rows("demonyms.tsv")}


# A dollar figure whose own words say it is American: "U.S. dlrs", "US$", "American dollars".
_US_MARKED = re.compile(r"\b(?:U\.S\.|US|American)(?!\w)")


def _home_dollar(article: _Article, quantities: list[Quantity]) -> str | None:
    """The dollar an unmarked "dlrs" means in this story: the one its other figures name ("4.3 billion Canadian
    dlrs"), else its country's (a Canadian story, naming Canada twice or more), unless a figure in it names U.S.
    dollars. None too when no figure is in dollars that could be another country's: then the story's country,
    which only this and an economy's figure ask for, is not looked for."""
    dollars = [q for q in quantities if q.unit_normalised == "USD"]
    if not dollars or any(_US_MARKED.search(article.text, q.start, q.end) for q in dollars):
        return None
    named = {q.unit_normalised for q in quantities if q.unit_normalised in _dollar_currencies()}
    if len(named) == 1:
        return named.pop()
    if named:
        return None
    topic_country, mentions = article.topic
    if mentions < 2:
        return None  # one mention of Australia does not make a New York story Australian
    return _dollar_countries().get(topic_country or "")


@functools.lru_cache(maxsize=1)
def _dollar_countries() -> dict[str, str]:
    return {country: currency for country, currency in _rows("dollar_countries.tsv")}


@functools.lru_cache(maxsize=1)
def _dollar_currencies() -> frozenset[str]:
    return frozenset(_dollar_countries().values())


@functools.lru_cache(maxsize=4096)  # places and the words of organisations' names, met in story after story
def _country_of(name: str) -> str | None:
    return country_of(name)


@functools.lru_cache(maxsize=4096)
def _country_word(word: str) -> str | None:
    """A word naming a country: the country itself ("Japan") or a part of one ("England")."""
    return word if _country_of(word) == word else _country_parts().get(word)


@functools.lru_cache(maxsize=1)
def _country_parts() -> dict[str, str]:
    return {written: country for written, country in _rows("country_parts.tsv")}


def build_claims(
    parsed: ParsedArticle,
    entities: list[EntityMention],
    quotes: list[Quote],
    quantities: list[Quantity],
    timexes: list[Timex],
) -> list[Claim]:
    article = _Article(parsed, entities, timexes)
    claims: list[Claim] = []
    claims += _quote_claims(article, quotes)
    claims += _role_claims(entities, article.published.isoformat() if article.published else None)
    claims += _quantity_claims(article, quantities, quotes)
    claims += _event_claims(article)
    return claims


def _is_ticker(text: str, mention: EntityMention) -> bool:
    """A stock symbol in a wire story, "<DMP.MO>": no one's name."""
    opening = text.rfind("<", max(0, mention.start - 8), mention.start + 1)
    return opening != -1 and ">" in text[mention.end:mention.end + 6] and " " not in text[opening:mention.end]


def _as_holder_type(article: _Article, mention: EntityMention) -> EntityMention:
    """A name ending in a company word ("Dome Petroleum Ltd", "General Partners") is an organisation, named in
    full, whatever else it looked like ("General" read as a title)."""
    if mention.type != "ORG" and not _may_end_in_company_word(article.text, mention):
        # most people and places: a name followed by a verb or a comma (an organisation's run is looked at all the
        # same, for its name in full, whenever a figure in the story has a holder)
        return mention
    run = article.run_around(mention)
    words = run.group(0).split() if run else []
    last = words[-1].lower().rstrip(".") if words else ""
    if len(words) > 1 and (last in ORG_SUFFIXES or last in _tables()[5] and last != "the"):
        name = _TRAILING_JOINER.sub("", run.group(0))
        return replace(mention, type="ORG", text=name, canonical=name, start=run.start(), end=run.start() + len(name))
    return mention


@functools.lru_cache(maxsize=1)
def _company_words() -> frozenset[str]:
    """The last words that make a capitalised run a company's name (_as_holder_type)."""
    return ORG_SUFFIXES | (_tables()[5] - {"the"})


def _may_end_in_company_word(text: str, mention: EntityMention) -> bool:
    """Whether the capitalised run around a mention (_run_around) may end in a company word: whether one of the
    words from the mention's start to where any run holding it must stop begins with one (all are letters only).
    The run's last word ends after the mention's start; so it is one of those words, unless the mention starts
    inside a word, or no stop comes before the end of the run's reach, which may cut a word short there."""
    before = text[mention.start - 1:mention.start] if mention.start else ""
    if before.isalnum() or before in _NAME_WORD_SIGNS:
        return True
    run_stop = _RUN_STOP.search(text, mention.start, mention.end + RUN_REACH)
    if run_stop is None:
        return True
    return _begins_company_word(text[mention.start:run_stop.start()])


@functools.lru_cache(maxsize=4096)  # a story names its people and places again and again, and the news the same ones
def _begins_company_word(words: str) -> bool:
    """Whether a word of `words` (separated by white space) begins with a company word."""
    return not _company_words().isdisjoint(_LEADING_LETTERS.findall(words.lower()))


_NAME_WORD_SIGNS = ("_", "&", "/", ".", "-")  # what a word of a name holds besides letters and digits (_NAME_WORD)
# Where a capitalised run (_CAPITALISED_RUN) stops: at a character no name word holds, or before a word starting in
# lower case other than "and" and "of" (a run may take the "and" of "andrew" as its last word, never a company word)
_RUN_STOP = re.compile(r"[^\w&/. \t-]|[ \t](?!(?:and|of)[ \t])[a-z]")
# The letters a word begins with, in a text of words separated by white space
_LEADING_LETTERS = re.compile(r"(?<!\S)[^\W\d_]+")


_KEY_TICKER = re.compile(r"<[A-Z0-9.]{1,8}>")
_KEY_WORD = re.compile(r"[\w&./-]+")


@functools.lru_cache(maxsize=4096)  # each figure with a holder asks several times, and the news names the same holders
def holder_key(name: str) -> str:
    """A holder's name as a key: "<Dixons Group Plc>", "Dixons Group PLC", "Dixons" and "Dixon's" agree."""
    suffixes = _tables()[5]
    name = _KEY_TICKER.sub(" ", name)  # a ticker symbol, "<DXNS.L>"
    words = _KEY_WORD.findall(name.replace("’", "'").lower().replace("'s", "").replace("'", ""))
    kept = [word for word in words if word.strip(".") not in suffixes] or words
    if 2 <= len(kept) <= 3 and kept[0] in FIRST_NAMES and kept == words and all(
            len(word) == 2 and word.endswith(".") for word in kept[1:-1]):
        return kept[-1]  # a person by surname: "Carl Lindner", "Theodore L. Cross" and a later "Lindner" agree
    if kept and len(kept[-1]) > 3 and kept[-1].endswith("s") and not kept[-1].endswith("ss"):
        kept[-1] = kept[-1][:-1]  # "Dixons" and "Dixon": a wire story writes both
    return " ".join(kept)


# -- quotes and statements ------------------------------------------------------------------------------------

def _quote_claims(article: _Article, quotes: list[Quote]) -> list[Claim]:
    claims = []
    for quote in quotes:
        sentence = article.sentence_at(quote.start)
        words = _normalise_words(quote.text)
        speaker = quote.speaker or _according_to(article, sentence, quote)
        # Quotes are identified by their words: two different quotes by one person are two claims. Without a
        # speaker the words alone would join unrelated articles' statements, so the claim stays the article's.
        key = None if speaker else f"{article.parsed.article.source_key}\x1f{quote.start}"
        claims.append(
            Claim(
                kind="quote" if quote.direct else "statement",
                subject=speaker or "unknown speaker",
                predicate=quote.cue or "said",
                object=words,
                value=quote.text,
                valid_at=article.stated_at(sentence, quote.start),
                attributed_to=speaker,
                hedge=article.hedge_before(quote.start),
                confidence=0.9 if speaker else 0.4,
                start=quote.start,
                end=quote.end,
                key=key,
            )
        )
    return claims


def _according_to(article: _Article, sentence: _Sentence, quote: Quote) -> str | None:
    """"…, according to Russia's defence ministry": the first name after the cue is the source."""
    if quote.cue != "according":
        return None
    cue = article.text.find("according to", quote.end, min(sentence.span.end, quote.end + 20))
    if cue == -1:
        return None
    after = cue + len("according to")
    return next((m.canonical for m in sentence.entities_between(after, after + 30)), None)


def _role_claims(entities: list[EntityMention], valid_at: str | None) -> list[Claim]:
    """One role per person and article: the fullest title the article gives ("U.S. President" over "President")."""
    fullest: dict[str, EntityMention] = {}
    for mention in entities:
        known = fullest.get(mention.canonical)
        if mention.role and (known is None or len(mention.role) > len(known.role or "")):
            fullest[mention.canonical] = mention
    return [
        Claim("relation", name, "role", None, mention.role, valid_at, None, None, 0.8, mention.start, mention.end)
        for name, mention in fullest.items()
    ]


# -- quantities -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Measure:
    name: str
    holder_kind: str  # actor, place or party (measures.tsv)
    start: int
    end: int


def _quantity_claims(article: _Article, quantities: list[Quantity], quotes: list[Quote]) -> list[Claim]:
    claims = []
    resolved: dict[int, tuple[str, str, list[str], str]] = {}  # sentence index → its last figure's identity
    previous: tuple[Quantity, _Measure] | None = None  # the figure before, with its measure
    quotes = sorted(quotes, key=lambda q: q.start)
    quote_starts = [quote.start for quote in quotes]
    if not quantities:
        return claims  # (the home dollar needs the story's country, which nothing else may ask for)
    home_dollar = _home_dollar(article, quantities)
    article.figure_ends = sorted(quantity.end for quantity in quantities)
    last: Quantity | None = None  # the figure before, whatever it measures
    for quantity in quantities:
        if home_dollar and quantity.unit_normalised == "USD" and not _US_MARKED.search(
                article.text, quantity.start, quantity.end):
            quantity = _in_unit(quantity, quantity.unit, home_dollar, quantity.per)
        index = article.index_of(quantity.start)
        sentence = article.sentences[index]
        speaker = _attribution_for(quantity.start, quotes, quote_starts) if quotes else None
        older = _is_older_figure(article.text, last, quantity)
        if older and last:
            # "revised its estimate to 750 mln stg from 700 mln": the older figure is in the newer one's unit
            quantity = _in_unit(quantity, last.unit, last.unit_normalised, last.per)
        measure = _measure_near(article, sentence.span, quantity)
        if measure is None and previous and (older or _OR_RESTATED.fullmatch(article.text, previous[0].end,
                                                                             quantity.start)):
            # "holds 2,180,608 shares, or about 9.8 pct": the same holding, as a share; "to 750 mln stg from 700
            # mln": the same figure, before
            measure = previous[1]
        last = quantity
        holder = _holder(article, sentence, quantity, measure) if measure else None
        previous = (quantity, measure) if measure else None
        measure_name = measure.name if measure else _concept_measure(article.text, quantity)
        if holder is None and measure is None and measure_name:
            # "20% of Ukrainian territory": whoever the sentence is about, else whom the story is about
            holder = _subject_holder(article, sentence, quantity.start) or article.main_entity
        dimension = _dimension(quantity, measure_name)
        qualifiers = (_qualifiers(article, sentence, quantity) + _modality(article, sentence.span, quantity)
                      + _paid_in_stock(article.text, sentence.span, quantity)
                      + (["change"] if _is_change_amount(article, sentence.span, quantity, measure) else [])
                      + (_stance(article, sentence.span, quantity) if measure and measure.holder_kind == "party"
                         else [])
                      + (_commodity(article.text, sentence.span, measure) + _facility(article.text, sentence.span, quantity)
                         if measure and measure.holder_kind == "place" else []))
        before = resolved.get(index - 1)
        if measure_name is None and before and before[3] == dimension and _ANAPHOR.match(
                article.text, sentence.span.start, sentence.span.end):
            # "GNP grew 1.1 pct. That was down from an earlier 1.3 pct": the same figure, told again
            holder, measure_name, qualifiers = before[0], before[1], qualifiers or before[2]
        valid_at = article.stated_at(sentence, quantity.start)
        previous_value = _is_previous_value(article, sentence.span, quantity)
        if valid_at and previous_value:
            # "cut to 10-1/2 pct from 11": the old value held until the change, so it is stated the day before
            valid_at = (date.fromisoformat(valid_at) - timedelta(days=1)).isoformat()
        value = format_quantity(quantity)
        holder = article.full_name(_without_descriptor(_without_ticker(holder)))
        if holder and measure_name:
            resolved[index] = (holder, measure_name, qualifiers, dimension)
            key = "\x1f".join((holder_key(holder), measure_name.lower(), ";".join(qualifiers), dimension))
            subject, predicate = holder, measure_name
            holder_members = article.members_of(holder)
        else:
            # Evidence only: kept and queryable, but no other figure can join it.
            key = f"{article.parsed.article.source_key}\x1f{quantity.start}"
            subject, predicate = holder or UNRESOLVED, measure_name or f"figure ({quantity.unit or 'number'})"
            holder_members = None
        claims.append(
            Claim(
                kind="quantity",
                subject=subject,
                predicate=predicate,
                object="; ".join(qualifiers + [dimension]),
                value=value,
                valid_at=valid_at,
                attributed_to=speaker or _subject_person(sentence),
                hedge=article.hedge_before(quantity.end),
                confidence=0.7 if holder and measure_name else 0.3,
                start=quantity.start,
                end=quantity.end,
                key=key,
                value_num=quantity.value,
                value_upper=quantity.upper,
                value_approx=quantity.approx,
                value_unit=dimension if dimension != "count" else quantity.unit_normalised,
                value_scale=quantity.scale,
                change="from" if previous_value else _change_cue(article, sentence.span, quantity),
                holder=holder_key(holder) if holder_members else None,
                holder_members=holder_members,
            )
        )
    return claims


def _in_unit(quantity: Quantity, unit: str | None, unit_normalised: str | None, per: str | None) -> Quantity:
    """The figure in another unit: dataclasses.replace(quantity, unit=…, unit_normalised=…, per=…) without its walk
    over the fields, which costs four times as much (every dollar figure of a Canadian story asks)."""
    return Quantity(quantity.start, quantity.end, quantity.text, quantity.value, unit, quantity.approx,
                    quantity.concept, quantity.upper, unit_normalised, quantity.scale, per)


def _is_older_figure(text: str, newer: Quantity | None, quantity: Quantity) -> bool:
    """Whether a figure with no unit is the older one a figure with a unit is compared with ("750 mln stg from 700
    mln"): then it is in that unit."""
    return (newer is not None and quantity.unit is None and newer.unit is not None
            and quantity.start - newer.end <= FROM_OLDER_REACH
            and _FROM_OLDER.fullmatch(text, newer.end, quantity.start) is not None)


# What stands between a figure and the older one it is compared with: "750 mln stg from 700 mln", "to around 500 mln
# stg from its initial estimate of 350 mln"
_FROM_OLDER = re.compile(r",?[ \t\n]+from[ \t\n]+(?:[a-z]+[ \t\n]+){0,4}")
FROM_OLDER_REACH = 50
# "2,180,608 shares, or about 9.8 pct": the second figure restates the first in another unit
_OR_RESTATED = re.compile(r"[\w \t-]{0,40}?,\s+or\s+(?:about\s+|some\s+|nearly\s+|almost\s+|roughly\s+)?")
# A sentence that opens by pointing back at the figure before it
_ANAPHOR = re.compile(r"\s*(?:That|This|It|The (?:figure|rate|estimate|increase|rise|decline|fall|level|move|cut|"
                      r"reduction|change|raise|hike))\b")


# "Houston-based Apache Corp", "state-owned Petrobras": a word describing the holder, not part of its name
_DESCRIPTOR = re.compile(r"^(?:[\w.]+-)+(?:based|listed|owned|controlled|registered|headquartered|run)\s+",
                         re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _without_descriptor(holder: str | None) -> str | None:
    """"Houston-based Apache Corp" is Apache Corp, "Financier Carl Lindner" and "New York money manager Mario
    Gabelli" are the persons."""
    if not holder:
        return holder
    holder = _DESCRIPTOR.sub("", holder)
    words = holder.split()
    # the name after the last person noun: "Financier Carl Lindner", "New York money manager Mario Gabelli"
    last_noun = max((i for i, word in enumerate(words[:-1]) if _bidder_nouns().get(word.lower()) == "person"),
                    default=None)
    if last_noun is not None and all(word[:1].isupper() for word in words[last_noun + 1:]):
        return " ".join(words[last_noun + 1:])
    return holder


_ANY_TICKER = re.compile(r"<[^<>]{1,12}>")
_TICKER_SYMBOL = re.compile(r"[A-Z]{2,6}(?:\.[A-Z]{1,2})?")


def _without_ticker(holder: str | None) -> str | None:
    """A holder without its ticker symbol ("Dixons Group Plc <DXNS.L>"); None when the ticker was all there was."""
    if holder is None:
        return None
    name = _ANY_TICKER.sub("", holder).strip()
    return None if not name or _TICKER_SYMBOL.fullmatch(name) and "<" in holder else name


# where the words after a figure stop naming what it measures
_MEASURE_STOP = re.compile(r"[,;:()]|\b(?:and|but|while|which|after|from|than)\b")


def _measure_near(article: _Article, sentence: Span, quantity: Quantity) -> _Measure | None:
    """The measure a number quantifies: a cue word just after it ("a 275 pct pay rise", "100 dlrs a share tender
    offer"), else the nearest one before it in its clause ("raised its bid for GenCorp to 110 dlrs")."""
    text = article.text
    measures, _events, measure_table, *_ = _tables()
    measure_words, words_text = article.scan(measure_table)
    kind = _figure_kind(quantity)
    if _COMPARISON.match(text, quantity.end, min(sentence.end, quantity.end + 30)):
        return None  # "10 to 20 dlrs below the offer" measures a gap, not the offer

    def fitting(match: re.Match[str]) -> _Measure | None:
        for name, holder_kind, kinds in measures[match.group(0).lower()]:
            if kind in kinds:
                return _Measure(name, holder_kind, match.start(), match.end())
        return None

    before_start = max(sentence.start, quantity.start - 40)
    holds_of = text.find("of", before_start, quantity.start) != -1  # what _WHOLE_OF needs
    # _MEASURE_OF ends in " of " and at most one of its short words before the figure
    of_phrase = _MEASURE_OF.search(text, before_start, quantity.start) if text.find(
        " of ", max(before_start, quantity.start - MEASURE_OF_TAIL), quantity.start) != -1 else None
    if of_phrase:
        head = measure_words.fullmatch(words_text, of_phrase.start(1), of_phrase.end(1)) or measure_words.fullmatch(
            words_text, of_phrase.end(1) - len(of_phrase.group(1).split()[-1]), of_phrase.end(1))
        if head:
            return fitting(head)
        if of_phrase.group(1).lower().split()[-1] in _other_nouns():
            return None  # "a loan of 11.7 mln dlrs to repair …" measures a loan, not the repair
    if holds_of and _WHOLE_OF.search(text, before_start, quantity.start):
        return None  # "500,000 of Brazil's 700,000 bankworkers were on strike": 700,000 is the whole, not the strikers
    # "a 4.3 billion dlr Canadian (3.22 billion U.S.) bid": the figure told again in brackets is skipped, and so is
    # the whole a part is of ("about 500,000 of Brazil's 700,000 bankworkers were on strike")
    aside = _ASIDE_AFTER.match(text, quantity.end, sentence.end)
    after_start = aside.end() if aside else quantity.end
    after_end = min(sentence.end, after_start + MEASURE_AFTER)
    after = text[after_start:after_end]
    stop = _MEASURE_STOP.search(after)
    for match in measure_words.finditer(words_text, after_start, after_start + (stop.start() if stop else len(after))):
        measure = fitting(match)
        if measure:
            return measure
    own = _OWN_NOUN.match(text, after_start, after_end)
    if own and (own.group(1) in _other_nouns() or own.group(2) in _other_nouns() and own.group(1) not in STOP_WORDS):
        return None  # "the 1.25 billion dlr loan from Shearson" in a sentence about an offer measures the loan
    listed = _LISTED_AFTER.match(text, after_start, after_end)
    noun = measure_words.match(words_text, listed.end()) if listed else None
    if noun:
        # "the hostile 2.3 billion dlr, 100-dlr-a-share, tender offer": figures listed before their noun
        return fitting(noun)
    if stop and stop.group(0) == ",":
        # "More than 170 ships in Brazil, and about nine more in foreign ports, have been halted": the verb after
        # an aside between commas
        aside_end = text.find(",", after_start + stop.end(), min(sentence.end, after_start + stop.end() + 60))
        verb = _PASSIVE_AFTER_ASIDE.match(text, aside_end + 1, sentence.end) if aside_end != -1 else None
        cue = measure_words.match(words_text, verb.end(), sentence.end) if verb else None
        if cue:
            return fitting(cue)
    before_start = max(sentence.start, quantity.start - MEASURE_BEFORE)
    clause = max(text.rfind(";", before_start, quantity.start), text.rfind(":", before_start, quantity.start))
    nearest = None
    clause_start = max(before_start, clause + 1)
    first_comma = text.find(",", clause_start, quantity.start)
    last_comma = text.rfind(",", clause_start, quantity.start)
    for match in measure_words.finditer(words_text, clause_start, quantity.start):
        if first_comma != -1 and first_comma < match.start() and last_comma >= match.end():
            continue  # inside an aside: "GNP, after removing the impact of inflation, increased 1.1 pct"
        nearest = fitting(match) or nearest
    if nearest is None:
        # "its intervention rate, which has stood at eight pct", "the rate has remained unchanged since January 2,
        # when it was raised to eight pct": a clause about the measure named just before it
        relative = None
        # (its "which", "when" or "where" is seldom there)
        for relative in _RELATIVE_CLAUSE.finditer(text, before_start, quantity.start) if text.find(
                "wh", before_start, quantity.start) != -1 else ():
            pass
        cue = _MEASURE_BEFORE_COMMA.search(text, max(sentence.start, relative.start() - 80), relative.start()) \
            if relative else None
        noun = measure_words.search(words_text, cue.start(1), cue.end(1)) if cue else None
        if noun and noun.end() == cue.end(1):
            nearest = fitting(noun)
    if nearest is None and kind == "money" and _AT_BEFORE.search(text, max(sentence.start, quantity.start - 12),
                                                                 quantity.start) and (
            quantity.per == "share" or _EACH_AFTER.match(text, quantity.end, sentence.end)
            or _OFFER_FOR_AT.search(text, max(sentence.start, quantity.start - OFFER_FOR_AT_REACH), quantity.start)):
        # "its tender offer ... expired and it had accepted 2.3 mln shares at 90.25 dlrs each": shares bought at a
        # price per share in a sentence about an offer are bought at the offer's price
        for match in measure_words.finditer(words_text, sentence.start, quantity.start):
            nearest = fitting(match) or nearest
    return nearest


PER_SHARE_BELOW = 1000  # a takeover price in plain dollars under this is a price per share


def _dimension(quantity: Quantity, measure: str | None) -> str:
    """The unit's dimension in the claim key. An offer "of 90.25 dlrs" with no "a share" and no scale word is a
    price per share, as the rest of the story says ("Dixons offered 90.25 dlrs in its tender")."""
    dimension = display_unit(quantity) or "count"
    if dimension in _people_units():
        return "people"  # "7,000 miners" and "7,000 workers" count the same
    if measure == "offer" and _figure_kind(quantity) == "money" and quantity.per is None and quantity.scale is None \
            and quantity.value < PER_SHARE_BELOW:
        return f"{dimension}/share"
    return dimension


DURATIONS = frozenset("years months weeks days hours minutes decades".split())


_CURRENCY_UNIT = re.compile(r"[A-Z]{3}(?:/.+)?")


def _figure_kind(quantity: Quantity) -> str:
    """money, percent, duration or count: which measures a figure can be (a change in points is none of them)."""
    return _unit_kind(quantity.unit_normalised or "")


@functools.lru_cache(maxsize=1024)  # a few hundred units, asked for by every figure
def _unit_kind(unit: str) -> str:
    if _CURRENCY_UNIT.fullmatch(unit):
        return "money"
    if unit == "percent":
        return "percent"
    if unit in DURATIONS:
        return "duration"
    return "change" if "point" in unit else "count"


# ("under" is left out: "90.25 dlrs a share under a tender offer" is the offer's price)
_COMPARISON = re.compile(r"\s+(?:a share\s+)?(?:below|above|less than|more than|higher than|lower than|"
                         r"short of|over and above)\b")
_TICKER = re.compile(r"<[A-Z0-9]{1,6}(?:\.[A-Z]{1,2})?>")
_AT_BEFORE = re.compile(r"\bat\s+(?:about\s+)?$")
# "a tender offer for all common shares ... of Allegheny International Inc at 24.60 dlrs": the price the offer for
# something is at, however long the list of what it is for
_OFFER_FOR_AT = re.compile(r"\b(?:offer|bid)\s+for\b[^;]*\bat\s+(?:about\s+)?$", re.IGNORECASE)
OFFER_FOR_AT_REACH = 240
_EACH_AFTER = re.compile(r"[ \t]+each\b")
_LISTED_AFTER = re.compile(r",[ \t]+")
_PASSIVE_AFTER_ASIDE = re.compile(r"\s*(?:have|has|had|were|was|are|is)\s+(?:been\s+|now\s+)?")
_BRACKETED = re.compile(r"[ \t]*\([^()]{1,40}\)")
# "<measure> of [about] <number>": "a surplus of 8.1 billion dlrs", "a loan of 11.7 mln dlrs"
_MEASURE_OF = re.compile(r"\b([a-z]+(?: [a-z]+)?) of (?:about |around |nearly |some |up to |at least |over )?$")
MEASURE_OF_TAIL = len(" of at least ")  # the most characters its " of " and the words after it stand in
# Nouns a figure is often "of" that name no tracked measure: the figure belongs to them, not to a cue further on.
# A name that makes an offer in so many words: "USAir had offered", "Dixons' offer", "USAir's 69 dlr bid"
_BIDDER = re.compile(
    rf"<?({_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}})>?(?:[ \t]+<[\w.]{{1,8}}>)?(?:[ \t]+(?:has|had|have|also))?"
    rf"(?:[ \t]+(?:offered|bid|bids|tendered)\b|(?:'s|’s|')[ \t]+(?:[\w.-]+[ \t]+){{0,4}}?(?:offer|bid)\b)"
)


# every offer _BIDDER finds holds one of these words, on the one line it stands on
_BIDDER_WORDS = ("offer", "bid", "tendered")


def _bidder_matches(text: str) -> Iterator[re.Match[str]]:
    """_BIDDER.finditer(text), read in the lines holding one of its words only (no match holds a line break, and
    none reads past one)."""
    for line_start, line_end in _lines_holding(text, _BIDDER_WORDS):
        yield from _BIDDER.finditer(text, line_start, line_end)


@functools.lru_cache(maxsize=1)
def _target_phrases() -> tuple[dict[str, str], re.Pattern[str], _Words]:
    """Phrase → measure, a pattern finding a phrase with the name after it ("bid for all of GenCorp's shares",
    "offer for <Cyclops Corp>"), and the phrases' first words, where its matches begin."""
    phrases = {phrase: measure for phrase, measure in _rows("target_phrases.tsv")}
    alternatives = "|".join(r"[ \t]+".join(map(re.escape, phrase.split()))
                            for phrase in sorted(phrases, key=len, reverse=True))
    pattern = re.compile(
        rf"\b((?i:{alternatives}))[ \t]+(?:(?:all|any|the|of|outstanding|remaining|common|shares|stock)[ \t]+){{0,5}}"
        rf"<?({_NAME_WORD}(?:[ \t]+(?:and[ \t]+)?{_NAME_WORD}){{0,3}})"
    )
    return phrases, pattern, _case_blind_words(phrase.split()[0] for phrase in phrases)


def _matches_at_words(pattern: re.Pattern[str], first_words: _Words, text: str,
                      folded: str | None) -> Iterator[re.Match[str]]:
    """pattern.finditer(text) for a pattern whose every match begins with one of `first_words` (letters only):
    tried only where one begins, as the fast word pattern finds them in the case-folded text (the letters inside
    a word it finds hold no word start, so it passes over no place a match may begin); `folded` is
    case_folded(text)."""
    if folded is None:
        yield from pattern.finditer(text)
        return
    end = 0
    for word in first_words.lower.finditer(folded):
        if word.start() >= end:
            match = pattern.match(text, word.start())
            if match:
                yield match
                end = match.end()


@functools.lru_cache(maxsize=1)
def _bidder_nouns() -> dict[str, str]:
    return {noun: kind for noun, kind in _rows("bidder_nouns.tsv")}


@functools.lru_cache(maxsize=2)
def _by_or_from(skip: int) -> re.Pattern[str]:
    """"from" or "by" and a name, after at most `skip` words ("the offer made March 18 by General Partners")."""
    nouns = "|".join(sorted(_bidder_nouns(), key=len, reverse=True))
    return re.compile(_BY_OR_FROM_TEMPLATE.format(nouns=nouns, skip=skip))


def _commodity(text: str, sentence: Span, measure: _Measure) -> list[str]:
    """The goods an economy's measure is of, written in its phrase: "Soybean production", "the current maize
    harvest", "exports of crude oil" (commodities.tsv); soybean and maize crops of one country are two facts."""
    names, before, after = _commodities()
    found = before.search(text, max(sentence.start, measure.start - 30), measure.start) or after.match(
        text, measure.end, min(sentence.end, measure.end + 40))
    return [names[" ".join(found.group(1).lower().split())]] if found else []


def _facility(text: str, sentence: Span, quantity: Quantity) -> list[str]:
    """The named place of work a count is at, in the figure's clause: "6,000 workers began an underground sit-in
    at the Grootvlei gold mine" → "Grootvlei mine" (facility_nouns.tsv)."""
    end = min(sentence.end, quantity.end + FACILITY_REACH)
    clause = _CLAUSE_BREAK.search(text, quantity.end, end)
    found = _facility_pattern().search(text, quantity.end, clause.start() if clause else end)
    return [f"{found.group(1)} {found.group(2).lower()}"] if found else []


FACILITY_REACH = 80  # characters from a count to the "at the X mine" that places it


@functools.lru_cache(maxsize=1)
def _facility_pattern() -> re.Pattern[str]:
    nouns = "|".join(sorted((row[0] for row in _rows("facility_nouns.tsv")), key=len, reverse=True))
    return re.compile(rf"\bat[ \t]+(?:the[ \t]+)?({_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}})[ \t]+"
                      rf"(?:[a-z]+[ \t]+)?({nouns})\b")


@functools.lru_cache(maxsize=1)
def _commodities() -> tuple[dict[str, str], re.Pattern[str], re.Pattern[str]]:
    names = {written: name for written, name in _rows("commodities.tsv")}
    words = "|".join(r"[ \t]+".join(map(re.escape, written.split()))
                     for written in sorted(names, key=len, reverse=True))
    before = re.compile(rf"\b({words})(?:[ \t]+[a-z]+)?[ \t]+$", re.IGNORECASE)
    after = re.compile(rf"[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?(?:[a-z\d/-]+[ \t]+){{0,2}}?({words})\b")  # "for Ridge Gas" names
    return names, before, after


@functools.lru_cache(maxsize=1)
def _people_units() -> frozenset[str]:
    return frozenset(row[0] for row in _rows("people_units.tsv"))


@functools.lru_cache(maxsize=1)
def _other_nouns() -> frozenset[str]:
    return frozenset(row[0] for row in _rows("other_nouns.tsv"))


# The whole a figure is part of, written after it ("500,000 of Brazil's 700,000 bankworkers"), and the same seen
# from the whole ("of Brazil's 700,000")
_PART_OF = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+|[A-Z][\w.]*(?:'s|’s)[ \t]+)?[\d,.]+[ \t]+(?:[a-z-]+[ \t]+)?[a-z-]+")
# The figure told again in brackets, else the whole it is part of: one match where a figure asked for two
_ASIDE_AFTER = re.compile(rf"{_BRACKETED.pattern}|{_PART_OF.pattern}")
_WHOLE_OF = re.compile(r"\d[ \t]+of[ \t]+(?:the[ \t]+|[A-Z][\w.]*(?:'s|’s)[ \t]+)?$")
# A relative clause opening after a comma, and the words of the clause before it up to its last word
_RELATIVE_CLAUSE = re.compile(r",\s+(?:which|when|where)\b")
_MEASURE_BEFORE_COMMA = re.compile(r"((?:[\w-]+[ \t]+){0,2}[\w-]+)(?:[ \t]+(?:has|have|had)[ \t]+[^,;]{0,40})?$")
# A figure's own noun: "1.25 billion dlr loan", "250 mln dlrs in equity", "a 20 mln dlr standby credit"
_OWN_NOUN = re.compile(r"[ \t]+(?:in[ \t]+)?([a-z]+)(?:[ \t]+([a-z]+))?")


def _concept_measure(text: str, quantity: Quantity) -> str | None:
    """A figure of something named ("20% of Ukrainian territory", "a 1,000-for-1,000 prisoner exchange"): the
    concept measures it, when it is more than a unit word."""
    concept = quantity.concept
    if not concept or concept.lower() in STOP_WORDS or len(concept) < 4:
        return None
    if quantity.unit_normalised == "percent" and _OUTSTANDING_STOCK.fullmatch(concept) and _OR_BEFORE.search(
            text, max(0, quantity.start - 30), quantity.start):
        # "has acquired 882,507 shares, or 8.0 pct of the total outstanding": a filer's holding, as a share of the
        # company's stock ("This represents 54 pct of the outstanding shares" may be any block of shares)
        return "stake"
    return concept.lower()


_OR_BEFORE = re.compile(r",\s+or\s+(?:[a-z]+\s+){0,2}$")
_OUTSTANDING_STOCK = re.compile(r"(?:total\s+)?outstanding(?:\s+(?:common\s+)?(?:shares|stock|common))?"
                                r"|(?:total\s+)?(?:common\s+)?(?:shares|stock)\s+outstanding", re.IGNORECASE)


# "Dixons' recently completed tender offer", "TransCanada's 4.3 billion Can dlr offer"
_POSSESSIVE = re.compile(rf"(<?{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}>?)(?:'s|’s|')\s+(?:[\w.,/-]+\s+){{0,5}}$")
# "the offer from General Partners", "a tender offer made March 18 by General Partners"
# (joint bidders are one holder: "the tender offer by AFG and Wagner and Brown")
# (a describing noun phrase may stand before the name: "a bid from investor Theodore Cross", "a rival bid of 50 dlrs
# from another publishing firm, Harcourt Brace Jovanovich Inc"; bidder_nouns.tsv)
_BY_OR_FROM_TEMPLATE = (r"(?:\s+[\w-]+){{0,{skip}}}?\s+(?:from|by)\s+"
                        r"(?:(?:an?\s+|another\s+|the\s+)?(?:[a-z][\w-]*\s+){{0,2}}?(?:{nouns}),?\s+)?"
                        r"(<?" + _NAME_WORD + r"(?:\s+(?:and\s+)?" + _NAME_WORD + r"){{0,4}}>?)")
_WHICH_IT = re.compile(r"\b(?:in|under|by|through)\s+which\s+(?:it|they)\b[^,;]{0,60}?\b(?:its|their)\s+(?:[\w-]+\s+){0,2}$")
_POSSESSIVE_NAME = re.compile(rf"(<?{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}>?)(?:'s|’s|')\s")
# "agreed to be acquired by Britain's Dixons Group PLC for 90.25 dlrs a share": the buyer's price
_BOUGHT_BY = re.compile(r"\b(?:acquired|bought|purchased|taken over)\s+by\s+(?:[A-Z][\w.]*(?:'s|’s)\s+)?"
                        rf"(<?{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}>?)\s+for\s+(?:about\s+|some\s+|nearly\s+)?$")
_PRONOUN_OWNER = re.compile(r"\b(?:its|their)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)


def _holder(article: _Article, sentence: _Sentence, quantity: Quantity, measure: _Measure) -> str | None:
    """Whose figure it is. For an economy's measure: the country the sentence names, else the article's. For an
    actor's: the first of the finders below that can tell, else the name acting before the figure, the sentence's
    subject or the subject of the story so far ("it", "the company") — never the company the offer is for."""
    if measure.holder_kind in ("place", "party"):
        return _country_holder(article, sentence, quantity)
    for finder in _ACTOR_FINDERS:
        found = finder(article, sentence, quantity, measure)
        if found is not _CANNOT_TELL:
            return found
    window_start = max(sentence.span.start, measure.start - 60)
    found = _holder_by_position(article, sentence, min(quantity.start, measure.start),
                                _PRONOUN_OWNER.search(article.text, window_start, measure.start) is not None)
    # "GenCorp said it rejected the 100 dlr offer": the company the offer is for never makes it by acting
    return None if found and article.is_target(found, measure.name) else found


def _country_holder(article: _Article, sentence: _Sentence, quantity: Quantity) -> str | None:
    """An economy's figure belongs to a country: the one the sentence names, else the story's (cities count for
    their country, so a London dateline makes a British story)."""
    near = sentence.entities_between(quantity.start - PLACE_REACH, quantity.end + PLACE_REACH)
    named = [m.canonical for m in near if m.type in PLACE_TYPES and _country_of(m.canonical) == m.canonical
             and not quantity.start <= m.start < quantity.end]  # "100 mln U.S. dlrs" names a currency
    return named[0] if named else article.topic[0]


class _Unknown(Enum):
    CANNOT_TELL = "cannot tell"


_CANNOT_TELL = _Unknown.CANNOT_TELL  # a finder's answer when its wording is not there (None means "no one")
_Finding = str | None | _Unknown


def _owner_before(article: _Article, sentence: _Sentence, quantity: Quantity, measure: _Measure) -> _Finding:
    """The owner written before the measure: "Dixons' offer", "USAir's 69 dlr bid"."""
    owner = _POSSESSIVE.search(article.text, max(sentence.span.start, measure.start - 60), measure.start)
    if owner and owner.group(1).strip("<>").lower() not in STOP_WORDS:
        return _named(sentence, owner.start(1), owner.group(1))
    return _CANNOT_TELL


def _source_of(article: _Article, sentence: _Sentence, quantity: Quantity, measure: _Measure) -> _Finding:
    """The one an offer comes from: "the offer from General Partners", after an earlier cue ("an acquisition offer
    from Harcourt to acquire all of Harper's shares at 50 dlrs"), or right after the figure ("a rival bid of 50 dlrs
    a share from another publishing firm, Harcourt")."""
    text, end = article.text, sentence.span.end
    source = _by_or_from(4).match(text, measure.end, min(end, measure.end + 80))
    measure_words, words_text = article.scan(_tables()[2])
    for cue in measure_words.finditer(words_text, max(sentence.span.start, measure.start - 60), measure.start) \
            if source is None else ():
        source = _by_or_from(4).match(text, cue.end(), min(end, cue.end() + 80)) or source  # the nearest cue's
    if source is None and measure.end <= quantity.start:
        source = _by_or_from(0).match(text, quantity.end, min(end, quantity.end + 80))
    return _named(sentence, source.start(1), source.group(1)) if source else _CANNOT_TELL


def _owner_of_which(article: _Article, sentence: _Sentence, quantity: Quantity, measure: _Measure) -> _Finding:
    """"Dixons' recently completed tender offer in which it raised its ownership to 56 pct": "it" is the owner of
    the noun "which" stands for."""
    text = article.text
    relative = _WHICH_IT.search(text, max(sentence.span.start, measure.start - 60), measure.start)
    owner = None
    for owner in _POSSESSIVE_NAME.finditer(text, max(sentence.span.start, relative.start() - 80), relative.start()) \
            if relative else ():
        pass
    if owner and owner.group(1).strip("<>").lower() not in STOP_WORDS:
        return _named(sentence, owner.start(1), owner.group(1))
    return _CANNOT_TELL


def _group_holder(article: _Article, sentence: _Sentence, quantity: Quantity, measure: _Measure) -> _Finding:
    """A group opening the sentence. "Lindner's investor group raised its stake": Lindner's. "An investment group
    led by Audio/Video Affiliates said it raised its offer": the group's, by the name the story gives it ("The group,
    Cyacq Acquisition Corp, also said"), the one group it defines, its members, the names the story says launched
    the offer together, or whose group it is ("a group formed by Theodore Cross"); "An investor group said" with none
    of these names no one the story has met, while "The group" is then the story's subject (found by position)."""
    text = article.text
    owned = _POSSESSED_GROUP.match(text, sentence.span.start, quantity.start)
    if owned:
        return _named(sentence, owned.start(1), owned.group(1))
    group = _UNNAMED_GROUP.match(text, sentence.span.start, quantity.start)
    if group is None:
        return _CANNOT_TELL
    members = group.group(1) or ""
    if len(_member_words(members)) >= 2:
        return article.group_name or members
    named = (article.group_name or article.defined_group() or article.joint_bidders() or members.strip()
             or article.group_leader())
    return named if named or group.group(0).split()[0] != "The" else _CANNOT_TELL


def _buyer(article: _Article, sentence: _Sentence, quantity: Quantity, measure: _Measure) -> _Finding:
    """"agreed to be acquired by Britain's Dixons Group PLC for 90.25 dlrs a share": the buyer's price."""
    buyer = _BOUGHT_BY.search(article.text, max(sentence.span.start, quantity.start - 100), quantity.start)
    return _named(sentence, buyer.start(1), buyer.group(1)) if buyer else _CANNOT_TELL


def _apposed_owner(article: _Article, sentence: _Sentence, quantity: Quantity, measure: _Measure) -> _Finding:
    """The name an aside describes as having the figure: "Renault, AMC's controlling shareholder with a 46.2 pct
    direct stake", "Cyacq Corp, an investor group holding 9 pct"."""
    owner = _APPOSED_OWNER.search(article.text, max(sentence.span.start, quantity.start - 120), quantity.start)
    return _named(sentence, owner.start(1), owner.group(1)) if owner else _CANNOT_TELL


_APPOSED_OWNER = re.compile(
    rf"({_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}}),[ \t]+(?:an?[ \t]+|the[ \t]+|{_NAME_WORD}(?:'s|’s)[ \t]+)"
    r"(?:[a-z-]+[ \t]+){0,3}(?:with|holding|owning|which[ \t]+(?:holds|owns))[ \t]+(?:an?[ \t]+|its[ \t]+)?"
    r"(?:[a-z-]+[ \t]+){0,2}$")

_ACTOR_FINDERS: tuple[Callable[[_Article, _Sentence, Quantity, _Measure], _Finding], ...] = (
    _apposed_owner, _owner_before, _source_of, _owner_of_which, _group_holder, _buyer)


def _holder_by_position(article: _Article, sentence: _Sentence, position: int, pronoun_owner: bool) -> str | None:
    """The name acting before the figure, else the sentence's subject (unless "its" points back), else the
    subject of the story so far."""
    actor = _acting_before(article, sentence, position)
    if actor is not None:
        return article.mention_name(actor)
    if not pronoun_owner:
        subject = _subject_holder(article, sentence, position)
        if subject:
            return subject
    recent = article.recent_subject(sentence.span.start) or article.topic_actor()
    return article.mention_name(recent) if recent else None


# A group the story does not name as it opens the sentence: "An investor group said", "An investment group led by
# Audio/Video Affiliates Inc and Citicorp said"
_UNNAMED_GROUP = re.compile(
    r"\s*(?:An?|The)\s+(?:[a-z-]+\s+){0,2}(?:group|partnership|consortium)"
    r"(?:\s+(?:led|headed|formed|controlled)\s+by\s+([^,;]{1,100}?))?"
    r"\s+(?:has |have |had |will |would |also |now |then |today |yesterday )?"
    r"(?:said|says|held|holds|owns|made|bought|sold|[a-z]+ed)\b"
)
# Names that launched an offer together: "Wagner and Brown, along with AFG Industries Inc, recently launched a
# surprise tender offer"
_JOINT_BIDDERS = re.compile(
    rf"(?<![\w.-])({_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|and)){{0,4}}),?[ \t]+(?:along|together)[ \t]+with[ \t]+"
    rf"({_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}})(?:[ \t]+<[\w.]{{1,8}}>)?,?[ \t]+(?:[a-z]+[ \t]+){{0,2}}"
    r"(?:launched|made|began|started|announced|extended|raised)[ \t]+(?:[\w-]+[ \t]+){0,4}?(?:offer|bid)\b"
)
# A group named by whose it is, opening the sentence: "Lindner's investor group recently raised its stake"
_POSSESSED_GROUP = re.compile(
    rf"\s*({_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}})(?:'s|’s)[ \t]+(?:[a-z-]+[ \t]+){{0,2}}"
    rf"(?:group|partnership|consortium)\b")
# Whose group it is: "a group formed by Theodore Cross", "an investment group headed by Taft's vice chairman, Dudley Taft"
_GROUP_LEADER = re.compile(
    rf"\bgroup[ \t]+(?:formed|led|headed|controlled|organized|organised)[ \t]+by[ \t]+"
    rf"(?:[\w']+[ \t]+(?:[a-z-]+[ \t]+){{0,2}}[a-z]+,[ \t]+)?({_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}})"
)
# The name a story gives such a group: "The group, Cyacq Acquisition Corp, also said"; most stories hold none of
# the group nouns with a comma after, and one quick search spares them the costly scan
_GROUP_NOUN_COMMA = re.compile(r"(?:group|partnership|consortium),")
_GROUP_NAMED = re.compile(
    rf"\b[Tt]he\s+(?:[a-z-]+\s+)?(?:group|partnership|consortium),\s+(<?{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}}>?),"
)


# A name acting in its clause: "TransCanada PipeLines Ltd <TRP.TO> announced a 4.3 billion dlr offer", also in a
# relative clause: "TransCanada PipeLines Ltd, which last week announced a 4.3 billion Canadian dlr offer", or after
# an apposition: "Cyacq Corp, an investor group bidding for Cyclops Corp, said it would raise its offer"
_ACTS = re.compile(
    r"(?:\s*<[^<>]{1,12}>)?(?:,\s+(?:which|who)(?:\s+(?:last|this|earlier|on)\s+[a-z]+)?"
    r"|,\s+(?:an?|the|comprising|including|led by|formed by|[a-z]+\s+of)\s[^;:]{1,100}?(?:,|\s+who))?"
    r"\s+(?:has |have |had |will |would |also |now |then |later |today |yesterday )?"
    r"(?:said|says|announced|announces|made|makes|offered|offers|raised|raises|launched|bid|bids|agreed|proposed|"
    r"plans|planned|tendered|began|extended|amended|cut|lowered|increased|reduced|holds|owns|bought|sold|"
    r"acquired|paid|valued|values|sweetened|dropped|reported|disclosed|told|has|have|(?:is|was|are|were) [a-z]+ing)\b"
)
# The object inside an aside about the name before it: ", editor of ", ", owner of about six pct of "
_IN_APPOSITION = re.compile(r",\s+(?:[a-z]+\s+){1,2}of\s+(?:the\s+)?$")
_RELATIVE_AFTER = re.compile(r"(?:\s*<[^<>]{1,12}>)?,\s+(?:which|who)\s")
# A capitalised name the entity finder may have missed, acting in its clause: "In February USAir had offered"
_NAME_ACTS = re.compile(rf"(?<![\w.-])(<?{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}}>?)(?=" + _ACTS.pattern + ")")
# ... unless what it agreed to is being bought: "Piedmont Aviation Inc has agreed to be acquired by USAir"
_IS_TARGET = re.compile(r"(?:\s*<[^<>]{1,12}>)?\s+(?:has |had )?agreed to be (?:acquired|bought|taken over)\b")


def _acting_before(article: _Article, sentence: _Sentence, position: int) -> EntityMention | None:
    """The nearest organisation or person before `position` that a verb follows in its clause."""
    text = article.text
    for mention in reversed(sentence.entities_between(position - ACTOR_REACH, position)):
        if mention.end > position or mention.type not in ACTOR_TYPES:
            continue
        lead = text[max(sentence.span.start, mention.start - 12):mention.start].lower().split()
        if lead and lead[-1] in _PREPOSITIONS and not _RELATIVE_AFTER.match(text, mention.end):
            continue  # "outbid by Harcourt Brace Jovanovich Inc, which offered 50 dlrs": it acts all the same
        if _IN_APPOSITION.search(text, max(sentence.span.start, mention.start - 40), mention.start):
            continue  # "Theodore Cross, editor of Business and Society Review, a business publication, said"
        if _ACTS.match(text, mention.end) and not _IS_TARGET.match(text, mention.end):
            return mention
    named: tuple[int, str] | None = None
    window_start = max(sentence.span.start, position - ACTOR_REACH)
    for run in _NAME_ACTS.finditer(text, window_start, min(sentence.span.end, position + 80)):
        if run.end(1) > position:
            break
        if _TICKER.fullmatch(run.group(1)):
            continue  # "Dixons Group Plc <DXNS.L> said": the name before the symbol acts
        start, name = _without_opening_words(run.start(1), run.group(1))
        if name and not _IS_TARGET.match(text, run.end(1)) and not any(
                m.type not in ACTOR_TYPES and m.start <= start < m.end
                for m in sentence.entities_between(start - 60, run.end(1))):
            named = (start, name)
    if named is None:
        return None
    start, name = named
    return EntityMention(start, start + len(name), name.strip("<>"), "ORG", name.strip("<>"))


_CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)


def _without_opening_words(start: int, run: str) -> tuple[int, str]:
    """"In February USAir" → "USAir", "Higher Labour Court Saturday" → "Higher Labour Court": capitalised words
    around a name that are not part of it."""
    words = run.split(" ")
    while words and (_is_ordinary(words[0]) or words[0].lower() in _CALENDAR_WORDS):
        start += len(words[0]) + 1
        words = words[1:]
    while len(words) > 1 and words[-1].lower() in _CALENDAR_WORDS:
        words = words[:-1]
    return start, " ".join(words)


def _subject_holder(article: _Article, sentence: _Sentence, before: int) -> str | None:
    """The sentence's subject: a name opening it ("<General Partners>, controlled by Wagner and Brown, said"),
    else its first entity that no preposition introduces."""
    run = _LEADING_NAME.match(article.text, sentence.span.start, sentence.span.end)
    aside = _LEADING_APPOSITION.match(article.text, sentence.span.start, sentence.span.end)
    if aside and (aside.group(1).startswith("<") or sentence.entities_between(aside.start(1), aside.end(1))):
        run = run or aside  # a name, not an opening word ("Presently, Russian forces …")
    if run and run.start(1) < before and not _is_ordinary(run.group(1)):
        return _named(sentence, run.start(1), run.group(1))
    subject = article.subject_of(sentence)
    if subject is not None and subject.start < before:
        return article.mention_name(subject)
    return None


# A name opening a sentence with an aside after it: "<General Partners>, controlled by …, said"
_LEADING_APPOSITION = re.compile(rf"\s*(<?{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}}>?)(?:\s+<[\w.]{{1,8}}>)?,")


# A capitalised run opening a sentence and followed by a verb: "Dixons offered …", "USAir said …"
_LEADING_NAME = re.compile(
    rf"\s*(<?{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}>?)(?:\s+<[\w.]{{1,8}}>)?"
    r"(?=\s+(?:[a-z]+ed|said|says|has|have|had|is|are|was|were|will|would|could|can|may|might|holds|owns|"
    r"told|agreed|made|paid|sold|bought|began|began|rose|fell|cut|set|put|won|lost|gave|took|now|also)\b)"
)


def _is_ordinary(run: str) -> bool:
    first = run.strip("<>").split()[0].lower()
    return first in STOP_WORDS or first in _ORDINARY_STARTS


# Capitalised words that open sentences without naming anyone.
_ORDINARY_STARTS = frozenset(
    "analysts analyst officials official sources traders dealers economists however meanwhile yesterday today "
    "last earlier later separately shares stocks prices investors bankers industry government "
    "he she it they we i you".split()
)


def _named(sentence: _Sentence, position: int, written: str) -> str:
    """The canonical name of the person written at `position` (the full name the article uses), else the name
    as written ("General Partners", not a "Partners" whose first word was read as a title)."""
    for mention in sentence.entities_between(position - 60, position + len(written) + 1):
        if mention.type == "PERSON" and (mention.start <= position < mention.end
                                         or position <= mention.start < position + len(written)):
            return mention.canonical
    return _without_full_stop(written.strip("<>"))


_INITIALS = re.compile(r"(?:[a-z]\.)+")


def _without_full_stop(name: str) -> str:
    """"General Partners." at a sentence end is "General Partners"; "Co." and "U.S." keep their points."""
    last = name.split()[-1].lower() if name.split() else ""
    if name.endswith(".") and last not in _tables()[5] and not _INITIALS.fullmatch(last):
        return name[:-1]
    return name


_CAPITALISED_RUN = re.compile(rf"{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|and|of|&)){{0,5}}")


def _mention_name(text: str, mention: EntityMention, run: re.Match[str] | None) -> str:
    """An organisation as written in full: the capitalised run around the mention ("General Partners")."""
    if run is None:
        return mention.canonical
    before = text[max(0, run.start() - 12):run.start()].split()
    if before and before[-1].lower() in _PREPOSITIONS and " and " in text[run.start():mention.start]:
        # "holds 25 pct of Taft and Lindner holds 16.2 pct": the name after "and" acts, the one before is an object
        return mention.canonical
    _, name = _without_opening_words(run.start(), _TRAILING_JOINER.sub("", run.group(0).rstrip(".")))
    return name or mention.canonical


RUN_REACH = 40  # characters before and after a mention in which the capitalised run around it is looked for


def _run_around(text: str, mention: EntityMention) -> re.Match[str] | None:
    line_start = max(text.rfind("\n", 0, mention.start) + 1, mention.start - RUN_REACH)
    for run in _CAPITALISED_RUN.finditer(text, line_start, min(len(text), mention.end + RUN_REACH)):
        if run.start() > mention.start:
            break  # runs come in order: none further on holds the mention's start
        if mention.start < run.end():
            # a run stops at a full stop before or after the mention: "… to acquire Skyway. Skyway Inc said"
            stop_before = text.rfind(". ", run.start(), mention.start)
            stop_after = text.find(". ", mention.end, run.end())
            if stop_before == -1 and stop_after == -1:
                return run
            return _CAPITALISED_RUN.match(text, run.start() if stop_before == -1 else stop_before + 2,
                                          run.end() if stop_after == -1 else stop_after + 1)
    return None


_TRAILING_JOINER = re.compile(r"(?:[ \t]+(?:and|of|&))+$")


def _subject_of(text: str, sentence: _Sentence) -> EntityMention | None:
    """The sentence's subject: its first named entity that no preposition introduces ("talks in Istanbul" is not
    about Istanbul)."""
    if _DESCRIPTION_START.match(text, sentence.span.start, sentence.span.end):
        return None  # "The partnership, which includes Wagner and Brown, …" is about the story's actor
    for mention in sentence.entities:
        if text[mention.start - 1 : mention.start] == "<" and text[mention.end : mention.end + 1] in (">", "."):
            continue  # a ticker symbol, "<DXNS.L>"
        lead = text[max(sentence.span.start, mention.start - 12) : mention.start].lower().split()
        if not lead or lead[-1] not in _PREPOSITIONS:
            return mention
    return None


# A sentence opening on a pronoun or a description refers back: "It said", "The company said", "An investor group"
_DESCRIPTION_START = re.compile(r"\s*(?:(?:The|This|That|An?|Its)\s+[a-z][\w-]*\b|(?:It|He|She|They|We)\b)")


_PREPOSITIONS = frozenset(
    "in at on for from to with of near across into against by between among under over via than about".split()
)


def _subject_person(sentence: _Sentence) -> str | None:
    """The sentence's first person, looked for once per sentence: each figure of it asks, and a long sentence naming
    no one (a table read as one sentence) would otherwise be read through once per figure."""
    if not sentence.person_known:
        sentence.person = next((e.canonical for e in sentence.entities if e.type == "PERSON"), None)
        sentence.person_known = True
    return sentence.person


QUALIFIER_DISTANCE = 50  # characters between a figure and the period it is for
_YEAR_OR_PART_VALUE = re.compile(r"\d{4}(?:-[QH]\d)?")  # 1987, 1987-Q4, 1987-H1


def _qualifiers(article: _Article, sentence: _Sentence, quantity: Quantity) -> list[str]:
    """Periods that make a figure another fact: the quarter, half or year it is for ("grew 1.3 pct in the fourth
    quarter"), written close to the figure; a year further off belongs to another clause. The current year, or a
    season that ends in it ("the 1986/87 crop" in a 1987 story), is what a figure with no period is for too, so it
    is no qualifier; last year ("last year's harvest") is."""
    near = sentence.timexes_between(quantity.start - QUALIFIER_DISTANCE - 40, quantity.end + QUALIFIER_DISTANCE)
    if not near:
        return []  # most figures
    periods = set()
    for timex in near:
        if timex.type != "DATE" or not _YEAR_OR_PART_VALUE.fullmatch(timex.value) or (
                timex.start - quantity.end > QUALIFIER_DISTANCE or quantity.start - timex.end > QUALIFIER_DISTANCE):
            continue
        season = _SPLIT_YEAR.match(article.text, timex.end)
        year = int(timex.value[:4])
        if season:  # "1986/87" ends in 1987, "1999/00" in 2000
            year += (int(season.group(1)) - year) % 100
        if len(timex.value) == 4 and article.published and year == article.published.year:
            continue
        periods.add(f"{timex.value}/{season.group(1)}" if season else timex.value)
    years_with_parts = {period[:4] for period in periods if len(period) > 4 and "/" not in period}
    return sorted(period for period in periods if period not in years_with_parts)


# A figure's own date follows it as an estimate: "… mln tonnes estimated a week ago"
_ESTIMATED_BEFORE = re.compile(r"[ \t]*(?:[a-z]+[ \t]+){0,3}?(?:estimated|forecast|projected|predicted|reported|seen)[ \t]+$")
# The second year of a season written after the first: "1986/87", "1986-87"
_SPLIT_YEAR = re.compile(r"[/-](\d{2})(?!\d)")


_FROM_BEFORE = re.compile(r"\bfrom\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,2}$", re.IGNORECASE)


def _is_change_amount(article: _Article, sentence: Span, quantity: Quantity, measure: _Measure | None) -> bool:
    """"rose 5 pct"-like figures told as "a 5 pct increase in exports": the change, not the level; unless the
    change is the measure itself ("a five pct increase in wages" is the pay rise)."""
    text = article.text
    change = _CHANGE_AMOUNT.match(text, quantity.end, sentence.end)
    if change is not None:
        return not (measure and change.start() <= measure.start < change.end())
    # "raised its posted prices by 50 cts a barrel": the size of the raise (a percentage after "by" is left alone:
    # "grew by 1.1 pct" is the growth itself)
    if _figure_kind(quantity) == "percent":
        return False
    by_start = max(sentence.start, quantity.start - 16)
    if not (article.may_hold("by", by_start, quantity.start) and _BY_BEFORE.search(text, by_start, quantity.start)):
        return False
    change_cues, cues_text = article.scan(CHANGE_CUES)
    return change_cues.search(cues_text, max(sentence.start, quantity.start - CHANGE_BY_REACH),
                              quantity.start) is not None


_BY_BEFORE = re.compile(r"\bby\s+(?:about\s+|some\s+|nearly\s+|around\s+)?$", re.IGNORECASE)
CHANGE_BY_REACH = 80


# "a one pct increase in base rates": the size of a change, not a level of the measure
_CHANGE_AMOUNT = re.compile(r"[ \t]+(?:increase|rise|cut|reduction|hike|fall|decline|drop|jump)[ \t]+in\b",
                            re.IGNORECASE)
# "73 dlrs per share in stock", "1.5 common shares each, valued at about 73 dlrs": the part of a price paid in
# securities is another figure than the cash price
_IN_STOCK_AFTER = re.compile(r"[ \t]+in[ \t]+(?:common[ \t]+)?(?:stock|shares|securities)\b")
_IN_STOCK_BEFORE = re.compile(r"\b(?:shares|stock|securities)\b[^.;]{0,30}\b(?:valued at|worth)\s+"
                              r"(?:about\s+|some\s+|around\s+|roughly\s+)?$")


def _paid_in_stock(text: str, sentence: Span, quantity: Quantity) -> list[str]:
    if _IN_STOCK_AFTER.match(text, quantity.end, sentence.end) or _is_valued_in_stock(text, sentence, quantity):
        return ["in stock"]
    return []


def _is_valued_in_stock(text: str, sentence: Span, quantity: Quantity) -> bool:
    """"1.5 common shares each, valued at about 73 dlrs": a price told as the worth of the shares paid."""
    start = max(sentence.start, quantity.start - 60)
    # the costly search only where its "valued at" or "worth" is
    if text.find("worth", start, quantity.start) == -1 and text.find("valued at", start, quantity.start) == -1:
        return False
    return _IN_STOCK_BEFORE.search(text, start, quantity.start) is not None


@functools.lru_cache(maxsize=None)
def _cue_table(name: str) -> tuple[_Words, dict[str, str]]:
    """A two-column table of cue words (cue → what it marks) as one pattern and its lookup."""
    rows = {cue.lower(): marks for cue, marks in _rows(name)}
    return _case_blind_words(rows), rows


def _stance(article: _Article, sentence: Span, quantity: Quantity) -> list[str]:
    """Which side's figure a negotiated one is: ["demanded"] ("the seamen are seeking a 275 pct pay rise"),
    ["offered"] ("rejected offers of a 100 pct raise"), ["agreed"] ("settled for 120 pct"), from the nearest cue
    before it in its clause; [] when the sentence does not say."""
    cues, stances = _cue_table("stance_cues.tsv")
    pattern, cues_text = article.scan(cues)
    start = max(sentence.start, quantity.start - MODALITY_WINDOW)
    clause = article.text.rfind(";", start, quantity.start)
    cue = None
    for match in pattern.finditer(cues_text, max(start, clause + 1), quantity.start):
        cue = match
    return [stances[cue.group(0).lower()]] if cue else []


MODALITY_WINDOW = 80  # characters before a figure in which a forecast or requirement cue governs it


_PRESENT = re.compile(r"\b(?:current|currently|now|present|existing)\b")
_PAST_VERB = re.compile(r"\b(?:[a-z]{3,}ed|grew|rose|fell|was|were|had|stood|hit)\b")


def _modality(article: _Article, sentence: Span, quantity: Quantity) -> list[str]:
    """["forecast"] when the figure is expected rather than reported, ["required"] when someone else requires it of
    the holder: either is another fact than the value reported, and must not become its new value."""
    text = article.text
    cues, qualifiers = _cue_table("modality_cues.tsv")
    pattern, cues_text = article.scan(cues)
    start = max(sentence.start, quantity.start - MODALITY_WINDOW)
    cue = None
    for match in pattern.finditer(cues_text, start, quantity.start):
        cue = match
    if cue is None or _PRESENT.search(text, cue.end(), quantity.start):
        return []  # "a cut from the current 9 pct": the figure is the one in force
    qualifier = qualifiers[cue.group(0).lower()]
    if qualifier == "forecast" and _PAST_VERB.search(text, cue.end(), quantity.start):
        return []  # "expected ..., which grew 1.1 pct": reported, not expected
    return [qualifier]


def _is_previous_value(article: _Article, sentence: Span, quantity: Quantity) -> bool:
    """"cut to 10-1/2 pct from 11 pct": the figure after "from" is the value before the change."""
    text = article.text
    start = max(sentence.start, quantity.start - 30)
    if not (article.may_hold("from", start, quantity.start) and _FROM_BEFORE.search(text, start, quantity.start)):
        return False
    if _CHANGED_FROM.search(text, start, quantity.start):
        return True  # "after being raised from 7-1/4 pct on January 2"
    return _TO.search(text[sentence.start:quantity.start]) is not None or _TO_AFTER.match(
        text[quantity.end:quantity.end + 5]) is not None


_CHANGED_FROM = re.compile(r"\b(?:raised|cut|lowered|increased|reduced|rose|fell|dropped|climbed|changed)\s+from\s+"
                           r"(?:an?\s+|the\s+)?$", re.IGNORECASE)
_TO = re.compile(r"\bto\b", re.IGNORECASE)
_TO_AFTER = re.compile(r"\s+to\b")
_TO_FIGURE = re.compile(r"\bto\s+(?:about\s+|around\s+|nearly\s+|some\s+|an?\s+)?$", re.IGNORECASE)
_NOW = re.compile(r"\bnow\b[^.;]{0,30}$", re.IGNORECASE)


def _to_before(article: _Article, start: int, position: int) -> re.Match[str] | None:
    """_TO_FIGURE.search(article.text, start, position). No "to" stands in what may follow the one it finds (white
    space, "about", "around", "nearly", "some", "an"), so that one is the last "to" before `position` in the
    case-folded text: the pattern is tried there alone rather than at each of the 80 characters before a figure."""
    if article.lower_text is None:
        return _TO_FIGURE.search(article.text, start, position)
    last_to = article.lower_text.rfind("to", start, position)
    return _TO_FIGURE.match(article.text, last_to, position) if last_to != -1 else None


def _change_cue(article: _Article, sentence: Span, quantity: Quantity) -> str | None:
    """The verb that makes the figure a new value: "raised its offer to 92.50", "rates were cut to 10 pct",
    "now holds 79 pct". A change verb elsewhere in the sentence ("an earthquake cut the pipeline") is not one."""
    text = article.text
    start = max(sentence.start, quantity.start - 80)
    now_start = max(sentence.start, quantity.start - 34)
    if article.may_hold("now", now_start, quantity.start) and _NOW.search(text, now_start, quantity.start):
        return "now"
    to = _to_before(article, start, quantity.start)
    if to is None:
        return None
    change_cues, cues_text = article.scan(CHANGE_CUES)
    cue = None
    for match in change_cues.finditer(cues_text, start, to.start()):
        cue = match.group(0).lower()
    return cue


# -- events ---------------------------------------------------------------------------------------------------

def _event_claims(article: _Article) -> list[Claim]:
    """An event noun and a date in one sentence: "talks … set for June 2" → (talks in Istanbul, date, 2025-06-02)."""
    events = _tables()[1]
    claims = []
    home: dict[str, str] | None = None  # where each kind of event happens, found when a dated event lacks a place
    for sentence in article.sentences:
        if not sentence.timexes or not any(
                timex.type == "DATE" and not timex.value.endswith("_REF") for timex in sentence.timexes):
            continue  # no date to make an event of: no need to look for event nouns
        nouns = article.event_nouns(sentence)
        noun_ends = [noun.end() for noun in nouns]
        for timex in sentence.timexes:
            if timex.type != "DATE" or timex.value.endswith("_REF"):
                continue
            before = bisect_right(noun_ends, timex.start)
            if not before:
                continue
            noun = nouns[before - 1]  # the last event noun before the date
            kind = events[noun.group(0).lower()]
            place = _place_in(article, sentence, noun.end())
            if place is None:
                home = _event_places(article, events) if home is None else home
                place = home.get(kind)
            # without a place, who takes part tells one event from another: "talks between Russia and Ukraine"
            parties = "" if place else _participants(article, sentence, noun.end())
            subject = f"{kind} in {place}" if place else f"{kind} {parties}" if parties else kind
            valid_at = article.stated_at(sentence, timex.start, exclude=timex)
            # a meeting with neither place nor parties is no event another story can be said to be about: it
            # stays with its article (a later sentence of the same story may move it)
            identity = [kind, place or parties] if place or parties else [article.parsed.article.source_key, kind]
            if _is_past(timex.value, article.published):
                identity.append(timex.value)  # it happened: a later date is another occurrence
            claims.append(
                Claim("event", subject, "date", None, timex.value, valid_at, None, article.hedge_before(timex.end),
                      0.6, min(noun.start(), timex.start), timex.end, key="\x1f".join(identity))
            )
    return claims


_JOINED = re.compile(r"\s+(?:between|with|among)\s")


def _participants(article: _Article, sentence: _Sentence, noun_end: int) -> str:
    """Who an event is between or with, when the sentence says so right after its noun, in name order."""
    window = article.text[noun_end:noun_end + EVENT_PLACE_DISTANCE]
    joined = _JOINED.match(window)
    if not joined:
        return ""
    near = sentence.entities_between(noun_end + joined.end(), noun_end + EVENT_PLACE_DISTANCE + 1)
    names = sorted({m.canonical for m in near if m.type in ("GPE", "ORG", "PERSON")})
    return f"{joined.group(0).strip()} {' and '.join(names)}" if names else ""


def _event_places(article: _Article, events: dict[str, str]) -> dict[str, str]:
    """Where the article places each kind of event the first time it gives a place: a later "the talks set for
    June 2" is the same talks."""
    places: dict[str, str] = {}
    for sentence in article.sentences:
        if not any(_is_place_after_in(article.text, mention) for mention in sentence.entities):
            continue  # no "in <place>" anywhere in the sentence: none of its event nouns is placed
        for match in article.event_nouns(sentence):
            place = _place_in(article, sentence, match.end())
            if place is not None:
                places.setdefault(events[match.group(0).lower()], place)
    return places


_YEAR_VALUE = re.compile(r"\d{4}")


def _is_past(value: str, published: date | None) -> bool:
    if published is None:
        return False
    if _YEAR_VALUE.fullmatch(value):
        return int(value) < published.year
    day = _parse_day(value)
    return bool(day and day < published)


EVENT_PLACE_DISTANCE = 45  # characters from an event noun to the "in <place>" that places it


def _place_in(article: _Article, sentence: _Sentence, noun_end: int) -> str | None:
    """The place an event happens at: "talks in Istanbul", "discussions with Ukraine in Istanbul"."""
    for mention in sentence.entities_between(noun_end, noun_end + EVENT_PLACE_DISTANCE + 1):
        if _is_place_after_in(article.text, mention):
            return mention.canonical
    return None


def _is_place_after_in(text: str, mention: EntityMention) -> bool:
    """A place written after "in": "talks in Istanbul"."""
    return mention.type in ("GPE", "LOC") and text[mention.start - 3:mention.start] == "in "


# -- values and dates -----------------------------------------------------------------------------------------

def format_quantity(quantity: Quantity) -> str:
    """The value as the store shows it: "~20 percent", ">50,000 troops", "92.5 USD/share", "8.1 bln USD"."""
    scale_word = _SCALE_WORDS.get(quantity.scale or 1.0)
    divisor = quantity.scale if scale_word else 1.0
    if quantity.upper is not None:
        amount = f"{_number(quantity.value / divisor)}-{_number(quantity.upper / divisor)}"
    else:
        amount = ("" if quantity.approx == "=" else quantity.approx) + _number(quantity.value / divisor)
    if scale_word:
        amount += f" {scale_word}"
    unit = display_unit(quantity) if quantity.unit_normalised and quantity.unit_normalised.isupper() else None
    counted = quantity.unit_normalised or quantity.unit
    unit = unit or (f"{counted}/{quantity.per}" if quantity.per else counted)
    return f"{amount} {unit}" if unit else amount


_SCALE_WORDS = {1e6: "mln", 1e9: "bln", 1e12: "trillion"}


def _number(value: float) -> str:
    if value.is_integer():  # most figures: rounding would leave them as they are
        return f"{value:,.0f}"
    value = round(value, 6)
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


_WORD_CHARACTERS = re.compile(r"\w+")


# Every ASCII character \w does not match, as a space (a byte table: translating bytes is a lookup per byte, where
# str.translate asks a dict for each character)
_ASCII_NON_WORD_SPACES = bytes(code if chr(code).isalnum() or chr(code) == "_" else ord(" ") for code in range(256))


# Characters outside ASCII that \w does not match and that quotes of recent stories hold, most of them no other:
# as spaces, such a quote is split as an ASCII one
_TYPOGRAPHIC_MARKS = ("’", "“", "”", "—", "…", "‘", "–", "\ufffd", "\xa0")


def _normalise_words(text: str) -> str:
    lowered = text.lower()
    if not lowered.isascii():
        for mark in _TYPOGRAPHIC_MARKS:
            lowered = lowered.replace(mark, " ")
        if not lowered.isascii():
            return " ".join(_WORD_CHARACTERS.findall(lowered))  # (’ and ' part words alike)
    # the same words, split at white space once the rest is spaces: most quotes, and several times faster
    return " ".join(lowered.encode("ascii").translate(_ASCII_NON_WORD_SPACES).decode("ascii").split())


def _attribution_for(position: int, quotes: list[Quote], starts: list[int]) -> str | None:
    """The speaker of the quote a position lies in (quotes sorted by start; the nearest few are enough)."""
    index = bisect_right(starts, position)
    return next((q.speaker for q in reversed(quotes[max(0, index - 4):index]) if position < q.end and q.speaker),
                None)


SEASON_MONTHS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_DAY_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH_VALUE = re.compile(r"\d{4}-\d{2}")
_WEEK_VALUE = re.compile(r"(\d{4})-W(\d{2})")
_SEASON_VALUE = re.compile(r"(\d{4})-(SP|SU|FA|WI)")
_MONTH_OR_SEASON_VALUE = re.compile(r"\d{4}-(?:\d{2}|SP|SU|FA|WI)")


def _parse_day(value: str) -> date | None:
    """A TIMEX3 value as the first day it covers: 2025-06-02, 2025-06 → June 1st, 2025-W23 → its Monday,
    1986-FA → September 1st."""
    try:
        if _DAY_VALUE.fullmatch(value):
            return date.fromisoformat(value)
        if _MONTH_VALUE.fullmatch(value):
            return date.fromisoformat(value + "-01")
        week = _WEEK_VALUE.fullmatch(value)
        if week:
            return date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
        season = _SEASON_VALUE.fullmatch(value)
        if season:  # its first month, as meteorologists count seasons: "last fall" → September 1st
            return date(int(season.group(1)), SEASON_MONTHS[season.group(2)], 1)
    except ValueError:
        return None
    return None


_POSSESSIVE_AFTER = re.compile(r"""['"’]s\b""")
_OTHER_TIME_WORDS = frozenset("since after before until till from of by through following during".split())


def _dates_something_else(text: str, sentence: Span, timex: Timex) -> bool:
    """"last week's earthquake", "since Monday", "after the March 1 vote": the date belongs to something else
    than the statement."""
    if _POSSESSIVE_AFTER.match(text[timex.end:timex.end + 3]):
        return True
    before = text[max(sentence.start, timex.start - 12):timex.start].lower().split()
    return bool(before) and before[-1] in _OTHER_TIME_WORDS


def _week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@functools.lru_cache(maxsize=16)
def _this_month_and_week(day: date) -> tuple[str, str]:
    """The values of "this month" and "this week" on `day`: asked for each dated expression of an article, all on
    its one day."""
    return day.strftime("%Y-%m"), _week_value(day)


def _days_of(timex: Timex, text: str, sentence: Span, published: date | None) -> tuple[date | None, date | None]:
    """The day a dated expression places a statement at, away from the figure and right next to it: a day or a
    week ("on Tuesday", "yesterday", "last week") either way; a month or season where it opens the sentence ("In
    January exports were …", "Last fall, AFG offered …") or stands right next to the figure ("base rates were at
    10 pct, early last October"), as a month inside a clause ("the offensive, which began in February 2022, has
    …") dates something else."""
    if timex.type != "DATE":
        return None, None
    if published is not None and timex.value in _this_month_and_week(published):
        return published, published  # "this week", "this month": today, as far as the article knows
    day = _parse_day(timex.value)
    if _MONTH_OR_SEASON_VALUE.fullmatch(timex.value):
        opening = text[sentence.start:timex.start].strip().lower()
        return (day if opening in ("", "in") else None), day
    return day, day
