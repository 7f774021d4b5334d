"""Named entities without a statistical model: capitalised runs in the text, split into role and name, looked up in
the gazetteer, classified by shape, and tied together so each mention carries the fullest name the article gives."""

from __future__ import annotations

from collections import Counter
import bisect
import functools
import re
from itertools import compress, count
from operator import attrgetter, itemgetter
from dataclasses import dataclass, field
from typing import Iterator, Sequence

from flows.extract.cues import SPEECH_VERBS
from flows.extract.alternation import word_alternation
from flows.extract.gazetteer import GazetteerEntry, gazetteer, longest_entry_words, read_rows
from flows.extract.names import ROLE_MODIFIERS, TITLE_WORDS, bare_person_name, person_matches, surname
from flows.extract.stretches import case_folded
from flows.extract.tokens import Token, split_sentences, tokenize_article
from flows.records import EntityMention, ParsedArticle

# Small words allowed inside a name between capitalised words ("Bank of America", "Charles de Gaulle",
# "Procter & Gamble").
NAME_CONNECTORS = frozenset("of de del da di van von der bin al la le du y for and &".split())
# Last words that make a capitalised run an organisation ("Fox Business Network", "Tullow Oil", "Santos Ltd").
ORG_SUFFIXES = frozenset(word for word, in read_rows("org_heads.tsv"))
# Words that make a capitalised run a place, by where they stand in it ("North Sea", "Gulf of Mexico").
_PLACE_HEADS = read_rows("place_heads.tsv")
PLACE_LAST_WORDS = frozenset(word for word, where in _PLACE_HEADS if where == "last")
PLACE_FIRST_WORDS = frozenset(word for word, where in _PLACE_HEADS if where == "first")
PLACE_FIRST_OF_WORDS = frozenset(word for word, where in _PLACE_HEADS if where == "first-of")
# Last words of capitalised runs that name laws, wars, programmes or events, not people ("Affordable Care Act").
NON_ENTITY_SUFFIXES = frozenset(
    "act acts war wars bill amendment law treaty agreement accord plan program programme grants award prize games "
    "cup day week month era doctrine".split()
)
# Last words of capitalised runs that name groups or things rather than people ("Senior Fellow").
NOT_PERSON_LAST_WORDS = frozenset(
    "fellow fellows convention partnership music medal thoughts steps yorkers west east north south trumped".split()
)
# Plurals and pronouns for people that open sentences ("Officials said"): no names there.
PEOPLE_NOUNS = frozenset(word for word, in read_rows("people_nouns.tsv"))
FIRST_NAMES = frozenset(word for word, in read_rows("first_names.tsv"))
_PERSON_PRONOUNS = frozenset({"he", "she", "his", "her"})
# Unit symbols written in capitals ("1,200 MW", "30 GB") are no organisations.
UNIT_WORDS = frozenset(row[0].lower() for row in read_rows("units.tsv"))
# Capitalised abbreviations that are not organisations.
NOT_ORG_ACRONYMS = frozenset("EDT EST CDT CST MDT MST PDT PST GMT UTC AM PM TV OK PS".split())
NOT_NAMES = frozenset(
    """i the a an in on at of for and but or so yet if as by to from with this that these those it its he she they we
    you his her their our my your there here when while after before since although though however meanwhile also
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december mr mrs ms dr despite regarding earlier later presently what who why how
    which where not no yes all some many most more both each every other another such only just even still then
    now today yesterday tomorrow""".split()
)


_token_text = attrgetter("text")
_start = attrgetter("start")  # of a mention
_first_character = itemgetter(0)  # of a token's text, which is never empty

# No name runs longer; a longer capitalised run (a shouted line, a list of names) is read in pieces, so no mention
# is longer than this and the words around a source need look at a few mentions only.
MAX_RUN_TOKENS = 12


def _org_cue_pattern() -> re.Pattern[str]:
    """What only an organisation has after its name, from the cue table: "'s chief executive", " shares rose",
    ", the Houston-based company," or " said its". Anchored at the name's end, with bounded repeats."""
    kinds: dict[str, list[str]] = {}
    for words, kind in read_rows("org_cues.tsv"):
        kinds.setdefault(kind, []).append(r"\s+".join(re.escape(word) for word in words.split()))

    def alternatives(kind: str) -> str:
        return "|".join(sorted(kinds[kind], key=len, reverse=True))

    return re.compile(
        rf"['’]s\s+(?:{alternatives('possessed')})\b"
        rf"|\s+(?:shares|stock)\s+(?:{alternatives('shares')})\b"
        rf"|,\s+(?:the|a|an|its)\s+(?:[\w'’-]+\s+){{0,4}}?(?:{alternatives('appositive')})"
        rf"(?=\s*[,.;:)]|\s+(?:that|which)\b)"
        rf"|\s+(?:{alternatives('after')})\b",
        re.IGNORECASE,
    )


ORG_CUE = _org_cue_pattern()


def _org_cue_before_pattern() -> re.Pattern[str]:
    """What only an organisation has before its name ("energy company Orsted", "Oslo-based Equinor"), to be
    searched at the end of a short window before the name."""
    words = [words for words, kind in read_rows("org_cues.tsv") if kind == "before"]
    # only whether it matches counts, not which cue: the words go by first letter, which is quicker to search
    suffixes = "|".join(re.escape(word) for word in words if word.startswith("-"))
    named = word_alternation([" ".join(word.split()) for word in words if not word.startswith("-")],
                             ignore_case=True, gap=r"\s+")
    return re.compile(rf"(?:\b(?:{named})|\w(?:{suffixes}))\s+$", re.IGNORECASE)


ORG_CUE_BEFORE = _org_cue_before_pattern()
# how far before a name its cue may start
ORG_CUE_WINDOW = 40
# how the cues before a name end, in lower case ("company", "in" of "stake in", "-based"): the words before a name
# that end in none of them hold no cue, which a look at their end tells without a search of the window
ORG_CUE_BEFORE_ENDINGS = tuple(sorted(
    {words.split()[-1].lower() for words, kind in read_rows("org_cues.tsv") if kind == "before"}
))
ORG_CUE_BEFORE_ENDING_LENGTH = max(map(len, ORG_CUE_BEFORE_ENDINGS))


def _has_org_cue(text: str, start: int, end: int) -> bool:
    return ORG_CUE.match(text, end) is not None or _has_org_cue_before(text, start)


def _has_org_cue_before(text: str, start: int) -> bool:
    window_start = max(0, start - ORG_CUE_WINDOW)
    # a cue is followed by white space up to the name: the words before that space, case-folded as the case-blind
    # search reads them, end as a cue ends (unless folding changes their length, when only the search can tell)
    words_before = text[window_start:start]
    trimmed = words_before.rstrip()
    if len(trimmed) == len(words_before):
        return False
    ending = case_folded(trimmed[-ORG_CUE_BEFORE_ENDING_LENGTH:])
    if ending is not None and not ending.endswith(ORG_CUE_BEFORE_ENDINGS):
        return False
    return ORG_CUE_BEFORE.search(text, window_start, start) is not None


# A capitalised run's tokens: a plain tuple, made for every run in a fraction of a named tuple's time
_Run = tuple[Token, ...]


@dataclass(frozen=True)
class _Evidence:
    """What the rest of the article says about capitalised words: which also occur in lower case ("Shows",
    "Bargain"), and which stand alone as a name somewhere ("Browder said" after "Kalief Browder")."""

    words: set[str]  # the article's distinct token texts
    lone_names: frozenset[str]
    body_text: str  # the text with its title-case headline lines blanked out
    headlines: tuple[tuple[int, int], ...]
    headline_starts: tuple[int, ...]
    in_body: dict[str, bool] = field(default_factory=dict)  # phrases already looked for in the body

    def in_headline(self, token: Token) -> bool:
        place = bisect.bisect_right(self.headline_starts, token.start) - 1
        return place >= 0 and token.start < self.headlines[place][1]

    def body_repeats(self, phrase: str) -> bool:
        """Whether the body (outside headlines) holds `phrase`: each phrase is looked for once."""
        if phrase not in self.in_body:
            self.in_body[phrase] = phrase in self.body_text
        return self.in_body[phrase]

    def is_ordinary_word(self, token: Token) -> bool:
        return len(token.text) > 2 and _is_lowercase_word(token.text.lower(), self.words)


def find_entities(parsed: ParsedArticle) -> list[EntityMention]:
    text = parsed.text
    tokens, texts, starts = tokenize_article(text)
    sentence_starts = {span.start for span in split_sentences(text)}
    words = set(texts)  # each distinct word tested once
    mentions: list[EntityMention] = []
    pending: list[Token] = []
    runs = _capitalised_runs(text, tokens, texts, _name_words(words), sentence_starts, words)
    headlines = _headline_lines(text)
    evidence = _Evidence(
        words,
        frozenset(run[0].text for run in runs if len(run) == 1),
        _blanked(text, headlines),
        tuple(headlines),
        tuple(start for start, _ in headlines),
    )
    for run in runs:
        _classify_run(run, mentions, pending, evidence)
    pending = _retype_companies(text, mentions, pending)
    _resolve_single_words(tokens, starts, mentions, pending)
    _canonicalise_people(mentions)
    return sorted(mentions, key=_start)


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the (ordered, disjoint) spans replaced by spaces, built in one pass."""
    parts: list[str] = []
    done = 0
    for start, end in spans:
        parts += [text[done:start], " " * (end - start)]
        done = end
    parts.append(text[done:])
    return "".join(parts)


# small words a title-case line may leave in lower case
_HEADLINE_SMALL_WORDS = NAME_CONNECTORS | frozenset(("a", "an", "the", "to", "in", "on", "at", "is"))
# what can open a capitalised word (an ASCII capital or any other character beyond ASCII) after white space: a line
# with fewer than four is no title-case line, and its words need no closer look. The opening character is matched and
# the space looked behind for, so that a scan tries the rest at those characters only, which are fewer than spaces
_CAPITAL_AFTER_SPACE = re.compile(r"[A-Z\u0080-\U0010ffff](?<=\s.)")
# The same count in a line of ASCII, without the scan: each character in bytes mapped to its class (white space as
# the pattern reads it "s", a capital "U", any other "x"), then the pairs "sU" counted; a tenth of the scan's cost
_ASCII_CLASSES = bytes(
    ord("s") if chr(code).isspace() else ord("U") if "A" <= chr(code) <= "Z" else ord("x") for code in range(256)
)


def _headline_lines(text: str) -> list[tuple[int, int]]:
    """Lines written in title case ("Hillary Clinton Was Headed For A Loss"), where capitals say nothing of names."""
    lines: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        capitals = _capitals_after_space(" " + line)  # the space stands for the line's start
        if capitals >= 4 and _is_title_case(line, capitals):
            lines.append((start, start + len(line)))
        start += len(line) + 1
    return lines


def _capitals_after_space(line: str) -> int:
    """How many white space characters of `line` have a capital (or a character beyond ASCII) right after them."""
    if line.isascii():
        return line.encode("ascii").translate(_ASCII_CLASSES).count(b"sU")
    return len(_CAPITAL_AFTER_SPACE.findall(line))


def _is_title_case(line: str, capitals: int) -> bool:
    """Whether at least four in five of the line's words, small words aside, are capitalised. `capitals` is at least
    the number capitalised: a line stops being read once its other words outnumber a quarter of them, which in a
    paragraph of running text comes within a few words."""
    words = uncapitalised = 0
    for word in _words(line):
        if word[:1].isalpha() and word.lower() not in _HEADLINE_SMALL_WORDS:
            words += 1
            if not word[0].isupper():
                uncapitalised += 1
                if 4 * uncapitalised > capitals:
                    return False
    return words >= 4 and words - uncapitalised >= 0.8 * words


# how many words of a line are split off at a time: most lines are decided within the first few
_WORDS_AT_A_TIME = 8


def _words(line: str) -> Iterator[str]:
    """The words of `line`, as its split() gives them, split off a few at a time: a reader that stops early leaves the
    rest of a long paragraph unsplit."""
    rest = line
    while True:
        words = rest.split(None, _WORDS_AT_A_TIME)
        if len(words) <= _WORDS_AT_A_TIME:  # no rest left over
            yield from words
            return
        rest = words.pop()
        yield from words


def _is_name_word(word: str) -> bool:
    # "Oslo-based", "Kremlin-owned": a hyphenated word ending in lower case is an adjective, not part of a name
    return word[:1].isupper() and word[0].isalpha() and word.lower() != "i" \
        and not word.rpartition("-")[2][:1].islower()


def _name_words(words: set[str]) -> set[str]:
    """The name words among `words`, the article's distinct token texts: each tested once, and only those that open
    with a capital (picked out in C, without a call for each word: most words open in lower case)."""
    capitalised = compress(words, map(str.isupper, map(_first_character, words)))
    return set(filter(_is_name_word, capitalised))


def _capitalised_runs(
    text: str, tokens: Sequence[Token], texts: tuple[str, ...], name_words: set[str], sentence_starts: set[int],
    words: set[str],
) -> list[_Run]:
    """The runs of name words (`texts` are the tokens' texts); a run opens at a name word that is no ordinary
    capitalised word."""
    # a function word ("The", "When") neither opens nor extends a run: the name words that are none, picked out
    # once for each distinct word
    run_words = {word for word in name_words if word.lower() not in NOT_NAMES}
    runs: list[_Run] = []
    cursor = 0  # where the last run ended
    for index in compress(count(), map(run_words.__contains__, texts)):
        token = tokens[index]
        if index < cursor or token.start in sentence_starts and _is_ordinary_opener(token.text, words):
            continue
        members = [token]
        cursor = index + 1
        while cursor < len(tokens) and len(members) < MAX_RUN_TOKENS:
            # most runs end at a word that can neither extend nor join them, which the word alone tells
            word = texts[cursor]
            if word not in run_words and word not in NAME_CONNECTORS:
                break
            previous, candidate = members[-1], tokens[cursor]
            if text[previous.end : candidate.start] != " ":
                break
            if word in run_words:
                members.append(candidate)
                cursor += 1
                continue
            following = tokens[cursor + 1] if cursor + 1 < len(tokens) else None
            if (
                following is not None
                and following.text in name_words
                and text[candidate.end : following.start] == " "
            ):
                members += [candidate, following]
                cursor += 2
                continue
            break
        runs.append(tuple(members))
    return runs


def _is_lowercase_word(word: str, words: set[str]) -> bool:
    """Whether the article writes `word` as a token of its own, all in lower case: asked of a few words, where a set of
    the article's lower-case words would test every word it has."""
    return word in words and word.islower()


def _is_ordinary_opener(word: str, words: set[str]) -> bool:
    """Whether a capitalised word that opens a sentence is just a word there (a known name aside)."""
    lowered = word.lower()
    # "Certainly Donald Trump …": an adverb opening the sentence is no part of the name; "Officials said …":
    # nor is a plural for people
    return (_is_lowercase_word(lowered, words) or lowered.endswith("ly") or lowered in PEOPLE_NOUNS) \
        and word not in gazetteer()


def _classify_run(
    run: Sequence[Token], mentions: list[EntityMention], pending: list[Token], evidence: _Evidence,
    sibling: str | None = None,
) -> None:
    """Type a capitalised run; `sibling` is the type of a name it is coordinated with ("Santos Ltd and Woodside"),
    which a run with no evidence of its own takes."""
    tokens = list(run)
    # a title-case headline capitalises every word: its everyday words are cut from a run's ends, and head words
    # decide only for a name the body repeats ("North Sea Wind" → "North Sea"; "Equinor Plans" is no company)
    guessing = evidence.in_headline(tokens[0])
    if guessing:
        while len(tokens) > 1 and evidence.is_ordinary_word(tokens[-1]):
            tokens = tokens[:-1]
        while len(tokens) > 1 and evidence.is_ordinary_word(tokens[0]):
            tokens = tokens[1:]
        guessing = not evidence.body_repeats(_phrase(tokens))
    if len(tokens) == 1:
        # most runs are one word (three in five), which has no inside, no title before a name, no head word, and
        # opens no known company's longer name: only its sibling's type, the gazetteer and its shape can type it
        if sibling and not guessing and tokens[0].text not in gazetteer():
            mentions.append(_mention(tokens, sibling, tokens[0].text))
        else:
            _classify_unmatched(tokens, mentions, pending, evidence)
        return
    inner = tokens[1:-1]  # "of" and "and" join two parts only inside the run: most runs have no inside
    of_place = next((place for place, token in enumerate(inner, 1)
                     if token.text == "of" and tokens[place - 1].text.lower() in TITLE_WORDS), None) if inner else None
    if of_place is not None:
        # "Chief Operating Officer of AirTran Airways": a role and the body it is held in, no person;
        # "Secretary of State" is a role alone
        body = tokens[of_place + 1 :]
        # "Director of Air Force Communications Bill Bodie": the longest named body, then the person holding the role
        cut = next((cut for cut in range(len(body) - 2, 0, -1) if len(body) - cut <= 3 and _known_type(body[:cut])
                    and _is_full_name(body[cut:]) and _known_type(body[cut:]) is None), None)
        if cut is not None:
            _classify_run(body[:cut], mentions, pending, evidence, "ORG")
            person = _mention(body[cut:], "PERSON", _phrase(body[cut:]))
            person.role = _phrase(tokens[: of_place + 1 + cut])
            mentions.append(person)
        elif not all(token.text.lower() in ROLE_MODIFIERS | TITLE_WORDS for token in body):
            _classify_run(body, mentions, pending, evidence, "ORG")
        return
    joined = next((place for place, token in enumerate(inner, 1) if token.text == "and"), None) if inner else None
    if joined is not None:
        left, right = tokens[:joined], tokens[joined + 1 :]
        left_type, right_type = _known_type(left), _known_type(right)
        # two names that each show what they are, or are full names ("Bill Clinton and Hillary Clinton", "Northrop
        # Grumman and EADS") are two; "Marks and Spencer", "Securities and Exchange Commission" are one
        if (left_type or _is_full_name(left)) and (right_type or _is_full_name(right)):
            # "Vestas Wind Systems and Siemens Gamesa": two names of one kind
            _classify_run(left, mentions, pending, evidence, right_type)
            _classify_run(right, mentions, pending, evidence, left_type)
            return
    title_end = _title_end(tokens)
    # "Ambassador Samantha Power", "Director Michael Bay": a title before a plain two- or three-word name makes a
    # person, whatever the name's last word
    titled_person = title_end is not None and _is_full_name(tokens[title_end + 1 :]) \
        and len(tokens) - title_end - 1 <= 3
    head_type = None if titled_person or guessing else \
        _head_type(tokens) or (sibling if title_end is None else None)
    if head_type and _phrase(tokens) not in gazetteer():
        mentions.append(_mention(tokens, head_type, _phrase(tokens)))
        return
    if title_end is not None:
        role, name = tokens[: title_end + 1], tokens[title_end + 1 :]
        joined = next((place for place, token in enumerate(name) if token.text == "and"), None)
        if joined is not None:
            # "President Donald Trump and Bill Clinton": two people, the title speaks for the first
            _classify_run(name[joined + 1 :], mentions, pending, evidence)
            name = name[:joined]
        if not name:
            return
        _add_gazetteer_mentions(role, mentions, leftovers=None)
        person = _mention(name, "PERSON", _phrase(name))
        person.role = _phrase(role)
        mentions.append(person)
        return
    if _looks_like_first_name_city(tokens):
        mentions.append(_mention(tokens, "PERSON", _phrase(tokens)))
        return
    if not guessing and _extends_known_company(tokens):
        mentions.append(_mention(tokens, "ORG", _phrase(tokens)))
        return
    _classify_unmatched(tokens, mentions, pending, evidence)


def _classify_unmatched(
    tokens: list[Token], mentions: list[EntityMention], pending: list[Token], evidence: _Evidence
) -> None:
    """The gazetteer's names in a run, then what is left between them."""
    leftovers: list[list[Token]] = []
    _add_gazetteer_mentions(tokens, mentions, leftovers)
    for chunk in leftovers:
        _classify_leftover(chunk, mentions, pending, evidence)


def _head_type(tokens: list[Token]) -> str | None:
    """ORG or LOC when a word of the run says so ("Tullow Oil", "Procter & Gamble", "North Sea", "Gulf of Mexico")."""
    if len(tokens) < 2:
        return None
    words = [token.text.lower() for token in tokens]
    if words[-1] in ORG_SUFFIXES or "&" in words:
        return "ORG"
    if words[-1] in PLACE_LAST_WORDS or words[0] in PLACE_FIRST_WORDS:
        return "LOC"
    if words[0] in PLACE_FIRST_OF_WORDS and words[1] == "of":
        return "LOC"
    return None


def _is_full_name(tokens: list[Token]) -> bool:
    return 2 <= len(tokens) <= 4 and all(_is_name_word(token.text) for token in tokens)


def _known_type(tokens: list[Token]) -> str | None:
    """The type a name shows by itself: by a head word, the gazetteer, acronym shape, or a known company's name."""
    entry = gazetteer().get(_phrase(tokens))
    if entry is not None:
        return entry.type
    if len(tokens) == 1 and _is_acronym(tokens[0].text) or _extends_known_company(tokens):
        return "ORG"
    return _head_type(tokens)


def _is_acronym(word: str) -> bool:
    return word.isupper() and 2 <= len(word) <= 5 and word.isalpha() and word not in NOT_ORG_ACRONYMS \
        and word.lower() not in UNIT_WORDS


def _extends_known_company(tokens: list[Token]) -> bool:
    """"Siemens Gamesa", "Shell Energy": a known company's name with one or two unknown words after it names a
    company of its group."""
    widest = min(len(tokens) - 1, _entry_widths().get(tokens[0].text, 0))
    if widest == 0:  # no known name opens the run and leaves a word after it: most runs end here
        return False
    places = gazetteer()
    if _phrase(tokens) in places:
        return False
    for width in range(widest, 0, -1):
        entry = places.get(_phrase(tokens[:width]))
        if entry is not None:
            rest = tokens[width:]
            return entry.type == "ORG" and len(rest) <= 2 and not any(
                token.text in places or token.text.lower() in TITLE_WORDS or not token.text[:1].isalpha()
                for token in rest)
    return False


def _looks_like_first_name_city(tokens: list[Token]) -> bool:
    """"Vladimir Medinsky": a city name that is also a first name, followed by one unknown capitalised word."""
    if len(tokens) != 2:
        return False
    first = gazetteer().get(tokens[0].text)
    return first is not None and first.is_city and tokens[1].text not in gazetteer() \
        and _phrase(tokens) not in gazetteer()  # "San Jose" is a city, though "San" is one too


def _title_end(tokens: list[Token]) -> int | None:
    """Index of the last title word that has a name after it ("Defense Minister | Rustem Umerov")."""
    for index in range(len(tokens) - 2, -1, -1):
        if tokens[index].text.lower() in TITLE_WORDS:
            name = tokens[index + 1 :]
            if all(token.text.lower() not in ROLE_MODIFIERS for token in name) and _phrase(name) not in gazetteer():
                return index
            return None
    return None


def _add_gazetteer_mentions(
    tokens: list[Token], mentions: list[EntityMention], leftovers: list[list[Token]] | None
) -> None:
    """Longest gazetteer matches left to right; the unmatched stretches go to `leftovers`."""
    places = gazetteer()
    widths = _entry_widths()
    index = 0
    stretch: list[Token] = []
    while index < len(tokens):
        match: GazetteerEntry | None = None
        first = tokens[index].text
        # _lookup also reads a phrase in capitals in title case: its first word is then this one in title case (a
        # word not in capitals either has a letter in lower case, so no phrase it opens is in capitals, or has no
        # letter, which title case leaves as it is)
        width = widths.get(first, 0)
        if first.isupper():
            width = max(width, widths.get(first.title(), 0))
        width = min(width, len(tokens) - index)
        while width > 0:
            match = _lookup(places, _phrase(tokens[index : index + width]))
            if match is not None:
                break
            width -= 1
        if match is None:
            stretch.append(tokens[index])
            index += 1
            continue
        if stretch and leftovers is not None:
            leftovers.append(stretch)
        stretch = []
        mentions.append(_mention(tokens[index : index + width], match.type, match.canonical))
        index += width
    if stretch and leftovers is not None:
        leftovers.append(stretch)


@functools.lru_cache(maxsize=1)
def _entry_widths() -> dict[str, int]:
    """The most tokens of a gazetteer name, by the name's first word: no longer phrase from there need be looked
    up, and none at all where no name starts (tokens hold no spaces, so a name's words are the tokens it matches)."""
    widths: dict[str, int] = {}
    for name in gazetteer():
        words = name.split(" ")
        widths[words[0]] = max(widths.get(words[0], 0), len(words))
    longest = longest_entry_words()
    return {word: min(width, longest) for word, width in widths.items()}


def _lookup(places: dict[str, GazetteerEntry], phrase: str) -> GazetteerEntry | None:
    """The gazetteer entry of a name, also when written in capitals ("OSLO, June 2 -" in a dateline)."""
    entry = places.get(phrase)
    if entry is None and phrase.isupper() and len(phrase) > 3:
        entry = places.get(phrase.title())
    return entry


def _classify_leftover(
    chunk: list[Token], mentions: list[EntityMention], pending: list[Token], evidence: _Evidence
) -> None:
    while chunk and chunk[-1].text in NAME_CONNECTORS:
        chunk = chunk[:-1]
    while chunk and chunk[0].text in NAME_CONNECTORS:
        chunk = chunk[1:]
    if not chunk:
        return
    if chunk[-1].text.lower() in NON_ENTITY_SUFFIXES:
        return
    if len(chunk) == 1:
        word = chunk[0].text
        if _is_acronym(word):
            mentions.append(_mention(chunk, "ORG", word))
        else:
            pending.append(chunk[0])
        return
    if (
        chunk[-1].text.lower() in ORG_SUFFIXES
        or any(token.text.isupper() for token in chunk)
        or any(token.text in ("of", "for", "and", "&") for token in chunk)
    ):
        mentions.append(_mention(chunk, "ORG", _phrase(chunk)))
        return
    name = _person_name_within(chunk, evidence)
    if len(name) == 1:
        pending.append(name[0])
    elif name:
        mentions.append(_mention(name, "PERSON", _phrase(name)))


def _person_name_within(chunk: list[Token], evidence: _Evidence) -> list[Token]:
    """The person's name inside an unknown capitalised run, or nothing. Words the article also writes in lower case
    are dropped from the ends ("Did Trump", "Hillary Clinton Speaks"), unless the last one is a surname the article
    uses alone; one left inside ("Popular Website Shows Bias", "Grand Bargain") means the run is no name."""
    while chunk and evidence.is_ordinary_word(chunk[0]):
        chunk = chunk[1:]
    while len(chunk) > 1 and evidence.is_ordinary_word(chunk[-1]) and chunk[-1].text not in evidence.lone_names:
        chunk = chunk[:-1]
    if not chunk or len(chunk) > 4:
        return []
    if any(evidence.is_ordinary_word(token) for token in chunk[:-1]):
        return []
    if chunk[-1].text.lower() in NOT_PERSON_LAST_WORDS:
        return []
    if evidence.in_headline(chunk[0]) and not evidence.body_repeats(_phrase(chunk)):
        return []  # a headline's capitals: only a name the body repeats counts
    return chunk


def _retype_companies(text: str, mentions: list[EntityMention], pending: list[Token]) -> list[Token]:
    """Names that act as companies anywhere in the article ("Equinor shares rose", "Exxon Mobil, the Houston-based
    company,") are organisations everywhere in it, unless a title made them people. Returns the lone words left."""
    companies = {mention.text for mention in mentions if mention.type == "PERSON" and mention.role is None
                 and _has_org_cue(text, mention.start, mention.end)}
    companies |= {token.text for token in pending if _has_org_cue(text, token.start, token.end)}
    for mention in mentions:
        if mention.type == "PERSON" and mention.role is None and mention.text in companies:
            mention.type, mention.canonical = "ORG", mention.text
    mentions += [EntityMention(token.start, token.end, token.text, "ORG", token.text)
                 for token in pending if token.text in companies]
    return [token for token in pending if token.text not in companies]


def _resolve_single_words(
    tokens: Sequence[Token], starts: tuple[int, ...], mentions: list[EntityMention], pending: list[Token]
) -> None:
    """A lone capitalised word is a person when it is the surname of a person named in the article or is followed by
    an age ("Smith, 45,"); the subject of a speech verb is typed by `_speaker_type`."""
    by_surname: dict[str, list[EntityMention]] = {}
    for mention in mentions:
        if mention.type == "PERSON":
            by_surname.setdefault(surname(mention.canonical), []).append(mention)
    # the person a lone word denotes depends on the word alone: looked for once for each word of the article
    known_by_word: dict[str, EntityMention | None] = {}
    for token in pending:
        # the token's place: tokens are in text order, and few are pending, so a search beats indexing them all
        index = bisect.bisect_left(starts, token.start)
        if token.text not in known_by_word:
            known_by_word[token.text] = _named_person(token.text, by_surname)
        known = known_by_word[token.text]
        if known is not None:
            mentions.append(EntityMention(token.start, token.end, token.text, "PERSON", known.canonical))
        elif _age_follows(tokens, index):
            # "Smith, 45, a teacher": an age in commas after a name
            mentions.append(EntityMention(token.start, token.end, token.text, "PERSON", token.text))
        elif (after := [later.text.lower() for later in tokens[index + 1 : index + 5]]) \
                and after[0] in SPEECH_VERBS:
            mentions.append(EntityMention(token.start, token.end, token.text, _speaker_type(token.text, after), token.text))


def _named_person(word: str, by_surname: dict[str, list[EntityMention]]) -> EntityMention | None:
    """The first person mention of the article that the lone `word` can denote: a lone word can only denote a person
    whose surname it is, so only those are looked at."""
    namesakes = by_surname.get(surname(word), [])
    return next((person for person in namesakes if person_matches(word, person.canonical)), None)


def _speaker_type(word: str, after: list[str]) -> str:
    """A lone word that speaks, never named in full: a company by what it says of itself ("Shell said its profit
    fell", "Vestas said it would"), a person by a pronoun or a given name ("Melanie said she"), else a company
    (people are introduced by their full name; "Orsted said" is how a story names a company)."""
    if "its" in after[1:] or after[1:2] == ["it"]:
        return "ORG"
    if word.lower() in FIRST_NAMES or _PERSON_PRONOUNS.intersection(after[1:]):
        return "PERSON"
    return "ORG"


def _age_follows(tokens: Sequence[Token], index: int) -> bool:
    after = [token.text for token in tokens[index + 1 : index + 4]]
    return len(after) == 3 and after[0] == after[2] == "," and after[1].isdigit() and 1 <= int(after[1]) <= 120


def _canonicalise_people(mentions: list[EntityMention]) -> None:
    """Every person mention takes the fullest name in the article that it can denote."""
    people = [mention for mention in mentions if mention.type == "PERSON"]
    bare_names = [bare_person_name(mention.canonical) for mention in people]
    counts = Counter(bare_names)
    first_use: dict[str, int] = {}
    for name, mention in zip(bare_names, people):
        first_use[name] = min(first_use.get(name, mention.start), mention.start)
    # fuller names first; among names of one length (two Trumps), the one the article names most, then the earlier
    names = sorted(counts, key=lambda name: (-len(name.split()), -counts[name], first_use[name]))
    by_surname: dict[str, list[str]] = {}
    for name in names:
        by_surname.setdefault(surname(name), []).append(name)
    # the fullest name depends on the name alone: looked for once for each name the article gives
    fullest: dict[str, str | None] = {}
    for own, mention in zip(bare_names, people):
        if own not in fullest:
            fullest[own] = next((name for name in by_surname.get(surname(own), []) if person_matches(own, name)), None)
        if fullest[own] is not None:
            mention.canonical = fullest[own]


def _mention(tokens: list[Token], entity_type: str, canonical: str) -> EntityMention:
    start, end = tokens[0].start, tokens[-1].end
    return EntityMention(start, end, _phrase(tokens), entity_type, canonical)


def _phrase(tokens: list[Token]) -> str:
    return " ".join(map(_token_text, tokens))
