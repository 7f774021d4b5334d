"""Who said what: direct quotes (from the quote marks) and reported statements (from speech verbs), each tied to
the source named next to it, with he/she resolved to the nearest person named outside quotes."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property
from itertools import compress, count
from operator import attrgetter
from typing import Sequence

from flows.extract.cues import (
    BELIEF_VERBS,
    CLAUSE_ONLY_VERBS,
    NOUN_CUES,
    OBJECT_VERBS,
    PERSON_PRONOUNS,
    QUESTION_VERBS,
    QUOTE_CUES,
    QUOTING_VERBS,
    SOURCE_PRONOUNS,
    SPEECH_VERBS,
    TITLE_ABBREVIATIONS,
)
from flows.extract.names import TITLE_WORDS
from flows.extract.quote_marks import QuotedStretch, find_quoted_stretches
from flows.extract.tokens import Token, Tokenized, ends_with_abbreviation, split_sentences, tokenize_article
from flows.records import EntityMention, ParsedArticle, Quote, Span

QUOTE_MARKS = frozenset("“”\"‘’'")
_start = attrgetter("start")  # of a mention, a quote or a quoted stretch
_end = attrgetter("end")  # of a mention
# every word that may cue a statement, lowercased: "according (to)", a noun ("the claim that") or a speech verb
_CUE_WORDS = frozenset({"according"}) | NOUN_CUES | SPEECH_VERBS
# Words between a subject and its speech verb that belong to neither ("Trump also said", "he has repeatedly said").
BETWEEN_SUBJECT_AND_CUE = frozenset(
    "also later then again once recently previously has have had would will reportedly already often "
    "publicly privately repeatedly never did does do is was were are been".split()
)
# The words stepped over between a subject and its verb when reading back from the verb ("he did not say").
BETWEEN_SUBJECT_AND_CUE_OR_NOT = BETWEEN_SUBJECT_AND_CUE | {"not"}
# Finite verbs that do not end in -ed/-es, for telling a sentence's subject by the verb after it.
COMMON_FINITE_VERBS = frozenset(
    """is was are were has had will would can could may might must went made took got gave came spoke wrote ran
    began brought kept left met put set sent stood won lost saw felt found held threw told knew led paid sold
    shook shot struck swore taught thought became broke built caught chose drew drove fell fought flew grew hit
    laid meant rose spent spread stole understood wore does did""".split()
)
FEMALE_ROLE_WORDS = frozenset(
    "mrs ms miss madam dame lady queen princess congresswoman chairwoman spokeswoman businesswoman".split()
)
MALE_ROLE_WORDS = frozenset("mr sir lord king prince congressman chairman spokesman businessman".split())
TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday tonight morning evening night week
    weekend month year time day""".split()
)
# Words that end a subject noun phrase when reading backwards from its verb.
SUBJECT_STOPS = frozenset(
    """that which who whom whose what until unless whether and but or because as when if while after before since
    where than so though although
    is was were are be been being has have had will would could should can may might must do does did not to in on at
    for with by from about into over under against between during without within""".split()
)
# Words that end a source noun phrase read forwards from "said" ("said Brian Fallon, a spokesman ...").
SOURCE_AFTER_STOPS = frozenset("in on at during who which that after before when while adding as of to".split())
NOT_BEFORE_FINITE_CUE = frozenset(
    """to not will would could might should must can may a an the his her their its our your my this these those
    whose 's ’s every any no some first""".split()
)
# A subject may not end in these ("the said", "a claims").
NOT_SUBJECT_ENDS = frozenset("a an the his her their its our your my this that these those of and or".split())
# Words that open a sentence's own words going on after a partial quote ("'…' about the decision, said X").
QUOTE_CONTINUATION_STARTS = frozenset(
    "about for like that than but and to in on at from with of as because if".split()
)
# Finite verbs that carry a following "to" + speech verb ("continues to reject", "refused to rule out").
CATENATIVE_VERBS = frozenset(
    """continue continues continued began begin begins keep keeps kept refuse refuses refused declined declines
    decline""".split()
)
POSSESSIVE_PRONOUNS = frozenset("his her their its".split())
# A one-word source that stands for the nearest person named before it ("he said", "her claim that").
PERSONAL_SOURCE_WORDS = PERSON_PRONOUNS | {"his", "her"}
# Forms of "be" that make a participle after them passive ("was praised by").
BE_FORMS = frozenset("is are was were be been being".split())
# A dash and a name closing the line after a quote: "…” ― Pamela Padilla", "…”\n- Sanders." (spaces may be no-break)
DASH_BYLINE = re.compile(r"[ \t\u00a0]*(?:\n[ \t\u00a0]*){0,2}[―—–-][ \t\u00a0]*([A-Z][\w.’'-]*(?:[ \t\u00a0]+[\w.’'-]+){0,4}?)\.?[ \t\u00a0]*(?=\n|$)")
# An author's credit right after a quoted title: '," by Eddie Small', '" by Times' Michael Paulson'.
CREDIT = re.compile(r",?[ \t]+by[ \t]+[A-Z]")
# A speaker label opening a turn of a transcript: "WALLACE: …", "MR. PENCE: …".
TRANSCRIPT_LABEL = re.compile(r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}:\s")
NAME_PARTICLES = frozenset(". de del da di van von der la le al bin".split())
# Labels that head a line with a colon but name no source ("Update: …", "Photo: …").
HEADLINE_LABELS = frozenset(
    """note update updated related photo photos video watch read see also editor correction source sources q a
    transcript full text here why what how who when where warning breaking exclusive""".split()
)
# Words that open a question reported as content ("asked whether …").
QUESTION_WORDS = frozenset("whether if how why what when where who".split())
# Words that open a clause reported without "that" after a verb of belief.
CLAUSE_SUBJECTS = frozenset("he she they it we i you there this these the a an his her their its our".split())
# Words that join a clause to the one before it ("…, but Cook did not say when").
CLAUSE_JOINERS = frozenset(", ; — – but and while whereas although though yet".split())
# The words stepped over when a statement is ended before a second cue of its source ("X, and also said Y").
JOINERS_BEFORE_CUE = CLAUSE_JOINERS | BETWEEN_SUBJECT_AND_CUE
PREPOSITIONS = frozenset("in on at during via to through after before from with on in of".split())
# Words before a name that make it an object, not a speaker ("a spokesman for Acme", "a message to Trump").
OBJECT_PREPOSITIONS = PREPOSITIONS | {"for", "about"}
# "with UBS analyst David Strauss saying" names the speaker, "a letter to Apple's board" does not.
OBJECT_PREPOSITIONS_BUT_WITH = OBJECT_PREPOSITIONS - {"with"}
MAX_SOURCE_TOKENS = 8
MAX_AFTER_TOKENS = 40
MIN_DIRECT_WORDS = 3
MIN_UNATTRIBUTED_WORDS = 6
# A quoted phrase shorter than this, set inside a sentence that goes on past it, is a borrowed term, not a statement.
MIN_EMBEDDED_WORDS = 8
TITLE_SMALL_WORDS = frozenset("a an the of in on at to for and or but with by from is".split())
_TITLE_WORD = re.compile(r"[A-Za-z][\w'’]*")
MIN_REPORTED_WORDS = 3
# Bounds that keep the work per cue or per quote constant, so a hostile article ("said said said …", thousands of
# quotes in one paragraph) costs time in proportion to its length. Real sentences stay well inside them.
MAX_SENTENCE_TOKENS = 150  # a longer "sentence" is read in pieces of this many tokens
MAX_SENTENCE_CHARS = 1500  # how far back a quote's sentence may start
MAX_SUBJECT_TOKENS = 40  # a sentence's subject stands within its first words
MAX_REPORTED_TOKENS = 120  # a reported statement's content, at most
NEARBY_ENTITIES = 8  # mentions looked at around a source phrase
MAX_APPOSITION_TOKENS = 12  # ", a spokesman for the Ministry of Finance," after a name
MAX_APPOSITION_CHARS = 120
# Words of an apposition that lead to the organisation a person speaks for ("a spokesman for", "an analyst at").
AFFILIATION_WORDS = frozenset("for at of with".split())


@dataclass(frozen=True)
class _Attribution:
    source: Sequence[Token]
    cue: Token


def find_quotes(parsed: ParsedArticle, entities: list[EntityMention]) -> list[Quote]:
    text = parsed.text
    stretches = find_quoted_stretches(text)
    finder = _SourceFinder(text, tokenize_article(text), entities, stretches)
    direct = finder.direct_quotes()
    reported = finder.reported_statements(direct)
    return sorted(direct + reported, key=_start)


class _SourceFinder:
    def __init__(
        self, text: str, tokenized: Tokenized, entities: list[EntityMention], stretches: list[QuotedStretch],
    ) -> None:
        self.text = text
        self.tokens, texts, self.starts = tokenized
        # every token in lower case, once per article: the cue and subject tests read the same tokens again and again
        # (mapped in C rather than looped over in Python)
        self.lowered = list(map(str.lower, texts))
        # the tokens that may cue a reported statement: the only ones _statement_at need look at
        self.cue_indices = list(compress(count(), map(_CUE_WORDS.__contains__, self.lowered)))
        self.entities = sorted(entities, key=_start)
        self.entity_starts = [mention.start for mention in self.entities]
        self.stretches = sorted(stretches, key=_start)
        self.stretch_starts = [stretch.start for stretch in self.stretches]
        self.sentences = _pieces(split_sentences(text), self.starts)
        self.sentence_ends = [sentence.end for sentence in self.sentences]
        self.newlines = [match.start() for match in re.finditer("\n", text)]
        # where each quote's cue stands, so a cue that introduced a direct quote is not read again as reported speech
        self._cue_starts: dict[int, int] = {}
        # a reported statement's source tokens, named only once the statement is kept: many candidates are dropped
        self._statement_sources: dict[int, Sequence[Token]] = {}
        self._direct_cue_starts: set[int] = set()
        self._direct_start_list: list[int] = []
        self._sentence_attributions: dict[int, _Attribution | None] = {}
        self._pronoun_memo: dict[int, int | None] = {}
        self._noun_phrase_memo: dict[int, tuple[int | None, Sequence[Token]]] = {}
        self._surnames: dict[str, str] | None = None
        self._titled: dict[str, tuple[list[int], list[str]]] | None = None  # title word → people with it, by end

    # ---- direct quotes -------------------------------------------------------------------------------------------

    def direct_quotes(self) -> list[Quote]:
        quotes: list[Quote] = []
        previous: Quote | None = None  # the last quoted stretch with a known source, kept or not
        in_transcript = False
        for index, stretch in enumerate(self.stretches):
            content_start, content_end = _trim(self.text, stretch.start, stretch.end)
            content = self.text[content_start:content_end]
            # a transcript set in quote marks, one paragraph per turn: "WALLACE: …" is said by the label's owner, and
            # a turn running over paragraphs goes on until a mark closes it
            label = TRANSCRIPT_LABEL.match(self.text, content_start, content_end)
            if label is not None and label.group().rstrip(": \t\n").lower() in HEADLINE_LABELS:
                label = None  # "UPDATE: …", "BREAKING: …"
            if label is not None or (in_transcript and not self.stretches[index - 1].closed_by_mark):
                in_transcript = True
                turn = self._transcript_turn(label, content_start, content_end, previous)
                if turn is not None:
                    quotes.append(turn)
                    previous = turn
                continue
            in_transcript = False
            quote = Quote(content_start, content_end, content, None, None, None, True)
            attribution = self._direct_attribution(stretch, finished=content.endswith((".", "!", "?")))
            embedded = False  # attributed only by standing inside a sentence with a subject
            if attribution is None:
                attribution = self._embedding_subject(stretch)
                embedded = attribution is not None
            if attribution is not None:
                self._attach(quote, attribution)
            elif previous is not None and self._continues(previous, stretch):
                _same_speaker(quote, previous)
            elif (earlier := self._attribution_in_previous_sentence(stretch)) is not None:
                self._attach(quote, earlier)
            if quote.speaker_text is not None:
                previous = quote
            words = len(content.split())
            weakly_attributed = quote.speaker_text is None or embedded
            if words < MIN_DIRECT_WORDS or (weakly_attributed and words < MIN_UNATTRIBUTED_WORDS):
                continue  # a quoted term ("rigged"), not speech
            if _is_title(content) or self._credited(stretch):
                continue  # a show, book or headline: "State of the Union", '"Art show opens," by Eddie Small'
            if words < MIN_EMBEDDED_WORDS and self._borrowed_phrase(stretch, content):
                continue
            quotes.append(quote)
            if attribution is not None and self._introduces(attribution.cue, stretch):
                self._direct_cue_starts.add(attribution.cue.start)
        return quotes

    def _transcript_turn(
        self, label: re.Match[str] | None, start: int, end: int, previous: Quote | None
    ) -> Quote | None:
        """One turn of a quoted transcript: the words after the label, said by the person the label names ("PENCE"
        is the article's Mike Pence), or a paragraph going on with the previous turn."""
        start, end = _trim(self.text, label.end() if label is not None else start, end)
        if len(self.text[start:end].split()) < MIN_DIRECT_WORDS:
            return None  # "(CROSSTALK.)"
        quote = Quote(start, end, self.text[start:end], None, None, None, True)
        if label is not None:
            colon = self._token_at_or_after(label.end() - 2)
            self._attach(quote, _Attribution(self.tokens[self._token_at_or_after(label.start()) : colon],
                                             self.tokens[colon]))
            quote.speaker = self._person_by_surname().get(self.tokens[colon - 1].text.lower(), quote.speaker)
        elif previous is not None:
            _same_speaker(quote, previous)
        return quote

    def _person_by_surname(self) -> dict[str, str]:
        """People of the article by the last word of their name, when only one person has it."""
        if self._surnames is None:
            owners: dict[str, set[str]] = {}
            for mention in self.entities:
                if mention.type == "PERSON":
                    owners.setdefault(mention.canonical.split()[-1].lower(), set()).add(mention.canonical)
            self._surnames = {surname: names.pop() for surname, names in owners.items() if len(names) == 1}
        return self._surnames

    def _credited(self, stretch: QuotedStretch) -> bool:
        """A quote followed by its author's credit ('"Pop-up art show opens in the Bronx," by DNAinfo's Eddie
        Small') is the title of a piece of writing."""
        return stretch.closed_by_mark and CREDIT.match(self.text, stretch.closing_end) is not None

    def _borrowed_phrase(self, stretch: QuotedStretch, content: str) -> bool:
        """'Cruz said he has had "areas of significant disagreement" with Trump', 'called it "a true wake-up call" to
        his supporters', 'the answers are "not meeting the demand," says Paul Rieckhoff': a few lower-case words
        quoted in the middle of the writer's own sentence. The sentence around them carries the statement (it is
        reported as such); the phrase alone is a term, not a claim."""
        if not content[0].islower() or content.endswith((".", "!", "?")):
            return False
        before = self.text[max(0, stretch.opening - 3) : stretch.opening].rstrip(" \t")
        if not before or not before[-1].isalnum():
            return False  # the quote opens its sentence or follows a comma or colon: it is handed over
        after = self.text[stretch.closing_end : stretch.closing_end + 3].lstrip(" \t")
        return bool(after) and after[0] not in ".!?\n"

    def _embedding_subject(self, stretch: QuotedStretch) -> _Attribution | None:
        """"She wants the candidates 'first and foremost to admit …'", "Gov. Jerry Brown endorsed her, citing her
        'long experience'": a quote inside a sentence with no speech verb belongs to the sentence's subject, the
        verb after it standing as the cue."""
        first = self._token_at_or_after(self._sentence_start(stretch.opening))
        last = self._token_at_or_after(stretch.opening)
        if last - first < 2 or self._quoted_between(self.tokens[first].start, self.tokens[last - 1].end):
            return None
        source = self._sentence_subject(first, last)
        if not source:
            return None
        verb = self._position(source[-1]) + 1
        while verb < last and not _verb_like(self.tokens[verb].text):
            verb += 1
        return _Attribution(source, self.tokens[verb]) if verb < last else None

    def _introduces(self, cue: Token, stretch: QuotedStretch) -> bool:
        """Whether the cue speaks only for this quote: it follows the quote, or stands right before it ("said, '…'",
        "said that '…'"). A quote inside a longer reported clause ("said his wife was qualified because '…'") leaves
        the clause to be reported too."""
        if cue.start > stretch.opening:
            return True
        between = self.tokens[self._token_at_or_after(cue.end) : self._token_at_or_after(stretch.opening)]
        return len([token for token in between if token.text[0].isalnum()]) <= 3

    def _direct_attribution(self, stretch: QuotedStretch, finished: bool) -> _Attribution | None:
        byline = self._dash_byline(stretch)
        if byline is not None:
            return byline
        if finished or self._cue_right_before(stretch):
            # a finished sentence is more often introduced before it ("Lavrov stated, '…'"), and so is a phrase
            # right after its cue ("what Mr. Hedge called '…'")
            return self._attribution_before(stretch) or self._attribution_after(stretch, finished)
        return self._attribution_after(stretch, finished) or self._attribution_before(stretch)

    def _dash_byline(self, stretch: QuotedStretch) -> _Attribution | None:
        """"'…' ― Pamela Padilla" or a quote paragraph followed by the line "- Sanders.": a name set after a dash,
        alone on the rest of its line, signs the quote."""
        if not stretch.closed_by_mark:
            return None
        byline = DASH_BYLINE.match(self.text, stretch.closing_end)
        if byline is None:
            return None
        name = self.tokens[self._token_at_or_after(byline.start(1)) : self._token_at_or_after(byline.end(1))]
        while name and name[-1].text == ".":
            name = name[:-1]
        if not name or not all(token.is_capitalised or token.text in NAME_PARTICLES for token in name):
            return None
        dash = self.tokens[self._token_at_or_after(byline.start(1)) - 1]
        return _Attribution(name, dash)

    def _attribution_in_previous_sentence(self, stretch: QuotedStretch) -> _Attribution | None:
        """"Cruz tweeted a warning. '…'": a quote standing alone after a sentence of the same paragraph whose
        speech verb has a subject."""
        paragraph_start = self._paragraph_start(stretch.opening)
        previous = self._sentence_ending_by(stretch.opening)
        if previous is None or previous.start < paragraph_start:
            # a quote opening its paragraph may go on from the last sentence of the paragraph before
            previous = self._sentence_ending_by(paragraph_start)
            if previous is None or self._newlines_between(previous.end, paragraph_start) > 2:
                return None
        if previous.start not in self._sentence_attributions:  # many quotes may follow one sentence
            self._sentence_attributions[previous.start] = self._attribution_in(previous)
        return self._sentence_attributions[previous.start]

    def _attribution_in(self, sentence: Span) -> _Attribution | None:
        """The first speech verb with a subject in a sentence, outside quotes."""
        first = self._token_at_or_after(sentence.start)
        stop = self._token_at_or_after(sentence.end)
        for index in range(first, stop):
            token = self.tokens[index]
            if self._quoted(token.start) or token.text.lower() not in QUOTE_CUES or not token.text.islower():
                continue
            if self._infinitive(index):
                continue
            source = self._subject_before(index, first) or self._appositive_subject(index, first)
            if source:
                return _Attribution(source, token)
        return None

    def _attribution_after(self, stretch: QuotedStretch, finished: bool) -> _Attribution | None:
        """'…,' Trump said. / '…,' said Trump. / '…' Umerov emphasized. When the quote is a `finished` sentence,
        a cue that goes on into a clause of its own ("Zelensky also noted that …") starts a new statement."""
        if not stretch.closed_by_mark:
            return None
        index = self._token_at_or_after(stretch.closing_end)
        line_end = self._line_end(stretch.end)  # the attribution does not run past it
        window: list[Token] = []
        for token in self.tokens[index : index + MAX_AFTER_TOKENS]:
            if token.start > line_end or token.text in "!?;" or self._full_stop(token):
                break
            if token.text in QUOTE_MARKS and not window:
                continue  # the rest of a closing mark after a nested quote closes
            if token.text in QUOTE_MARKS and not self._possessive_mark(token):
                break
            window.append(token)
        while window and window[0].text in ",—–-:":
            window = window[1:]
        if not window:
            return None
        if len(window) > 2 and window[0].text.lower() == "according" and window[1].text.lower() == "to":
            source = self._source_forwards(self._position(window[1]) + 1)
            return _Attribution(source, window[0]) if source else None
        # "'…,' Bennett shot back" / "'…,' scoffed Arianna Gil": after a quote handed over with a comma, any verb in
        # the past tense reports it
        handed_over = (
            self.text[stretch.end - 1 : stretch.end] in ",?!" or self.text.startswith(",", stretch.closing_end)
        )
        if _is_cue(window[0].text, handed_over) and window[0].text.islower() and not window[0].text.endswith("ing"):
            source = self._source_forwards(self._position(window[0]) + 1)
            return _Attribution(source, window[0]) if source else None
        first_comma: int | None = None
        for position, token in enumerate(window):
            if token.text.lower() in QUOTING_VERBS and (quoted_person := self._person_quoted(self._position(token))):
                return _Attribution(quoted_person, token)  # "'…,' Detik.com quoted Djamal as saying"
            if (
                _is_cue(token.text, handed_over)
                and token.text.islower()
                and position > 0
                and not self._infinitive(self._position(token))  # "the report stated": a noun, read on
            ):
                cue_index = self._position(token)
                if finished and any(word.text.lower() == "that" for word in self.tokens[cue_index + 1 : cue_index + 4]):
                    return None  # "'…' Zelensky also noted that …" starts a new statement
                if finished and self._introduces_next_quote(cue_index):
                    return None  # "'…' Mr. Zahed said: '…'" speaks for the quote that follows
                if (
                    first_comma is not None
                    and window[position - 1].text == ","
                    and window[0].text.lower() in QUOTE_CONTINUATION_STARTS
                ):
                    # "'We're extremely happy' about the decision, said RoseAnn DeMoro": the name after the cue
                    source = self._source_forwards(cue_index + 1)
                    return _Attribution(source, token) if source else None
                if first_comma is not None and window[position - 1].text == ",":
                    # "'…,' Morton Blackwell, the committeeman from Virginia, told AFP": the name before the apposition
                    return _Attribution(window[:first_comma], token) if first_comma <= MAX_SOURCE_TOKENS else None
                if first_comma is not None:
                    # "'…,' another friend, Mariam Emara told CNN": the words after the last comma
                    last_comma = max(place for place, word in enumerate(window[:position]) if word.text == ",")
                    source = self._subject_before(cue_index, self._position(window[last_comma]) + 1)
                    return _Attribution(source, token) if source else None
                source = self._subject_before(cue_index, self._position(window[0]))
                if source:
                    return _Attribution(source, token)
                if token.text.lower() in SPEECH_VERBS:
                    return None
                # a past participle read as an adjective ("the retired neurosurgeon told"): look further
            if token.text == ",":
                if first_comma is not None and position - first_comma <= 1:
                    return None
                first_comma = position if first_comma is None else first_comma
            elif token.text == ":" or (first_comma is None and position >= MAX_SOURCE_TOKENS + 2):
                return None
            elif first_comma is None and position >= 24:
                return None
        return None

    def _follows_closing_quote(self, cue_index: int) -> bool:
        index = cue_index - 1
        while index >= 0 and self.tokens[index].text in ",—–":
            index -= 1
        return index >= 0 and self.tokens[index].text in QUOTE_MARKS and self._quoted(self.tokens[index].start - 1)

    def _cue_right_before(self, stretch: QuotedStretch) -> bool:
        index = self._token_at_or_after(stretch.opening) - 1
        while index >= 0 and self.tokens[index].text in ",:":
            index -= 1
        return index >= 0 and self.tokens[index].text in QUOTE_CUES

    def _introduces_next_quote(self, cue_index: int) -> bool:
        """Whether a cue hands over to a quote after it: "said: '…'", "said, '…'"."""
        following = self.tokens[cue_index + 1 : cue_index + 3]
        if not following:
            return False
        if following[0].text == ":":
            return True
        return following[0].text == "," and len(following) > 1 and following[1].text in QUOTE_MARKS

    def _clause_ends_soon(self, index: int, within: int = 6, comma_ends: bool = True) -> bool:
        """Whether the sentence ends (or a quote reopens) within a few tokens, with no 'that' clause before it."""
        for token in self.tokens[index : index + within]:
            if token.text in ".!?;" or token.text in QUOTE_MARKS or (comma_ends and token.text == ","):
                return True
            if token.text.lower() == "that":
                return False
        return index >= len(self.tokens) or len(self.tokens) - index < within

    def _attribution_before(self, stretch: QuotedStretch) -> _Attribution | None:
        """Lavrov stated, '…' / …, stating, '…' / According to X, '…' / X told reporters: '…'."""
        sentence_start = self._sentence_start(stretch.opening)
        first = self._token_at_or_after(sentence_start)
        last = self._token_at_or_after(stretch.opening)
        # the cue stands among the last 24 words before the quote: no copy of the whole sentence per quote
        for index in range(last - 1, max(first, last - 24) - 1, -1):
            token = self.tokens[index]
            if self._quoted(token.start):
                continue
            lowered = token.text.lower()
            if lowered == "to" and index > first and self.tokens[index - 1].text.lower() == "according":
                source = self._source_forwards(index + 1)
                return _Attribution(source, self.tokens[index - 1]) if source else None
            if lowered in QUOTE_CUES and token.text.islower() and not self._infinitive(index):
                cue_index = index
                if self._follows_closing_quote(cue_index) and not lowered.endswith("ing"):
                    # "'She is too far behind,' said an Iowa Democrat, 'and …'": the source follows the cue
                    source = self._source_forwards(cue_index + 1)
                    if source:
                        return _Attribution(source, token)
                quoted_person = self._quoted_as_saying(cue_index)
                if quoted_person:
                    return _Attribution(quoted_person, token)
                agent = self._passive_agent(cue_index)
                if agent:
                    return _Attribution(agent, token)
                if lowered.endswith("ing"):
                    # ", saying '…'" hangs on the sentence's subject, not on the last words before it ("released a
                    # statement saying", "in a letter to the board stating"), unless they name someone and hold no
                    # verb of their own ("with UBS analyst David Strauss saying")
                    near = self._subject_before(cue_index, first)
                    if not self._names_someone(near) or any(_verb_like(word.text) for word in near[1:]):
                        near = self._sentence_subject(first, cue_index) or near
                    source = near
                else:
                    source = (
                        self._subject_before(cue_index, first)
                        or self._appositive_subject(cue_index, first)
                        or self._sentence_subject(first, cue_index)
                    )
                return _Attribution(source, token) if source else None
            if index == first and lowered in QUOTE_CUES and not lowered.endswith("ing"):
                # "Said Dorothy Poynter, who grew up with Ali, '…'" / "Continued Stone: '…'"
                source = self._source_forwards(first + 1)
                return _Attribution(source, token) if source else None
        if last > first and self.tokens[last - 1].text == ":":
            # "… doesn't surprise pollster Daron Shaw: '…'" names the speaker just before the colon; otherwise
            # "Kaine has adopted the stance …: '…'" — the subject of the introducing sentence
            colon = self.tokens[last - 1]
            source = self._mention_ending_at(colon.start) or self._sentence_subject(first, last - 1)
            return _Attribution(source, colon) if source else None
        return None

    def _continues(self, previous: Quote, stretch: QuotedStretch) -> bool:
        """A quote with no cue of its own goes on with the previous speaker when nothing but quotes and short
        attributions stand between them in the same or the next paragraph."""
        start, end = _trim_space(self.text, previous.end, stretch.start)
        if self._newlines_between(start, end) == 0:
            return True
        return self._newlines_between(previous.end, stretch.start) <= 2 and not any(
            mention.type == "PERSON"
            and mention.canonical != previous.speaker
            and previous.end < mention.start
            and not self._quoted(mention.start)
            for mention in self._entities_between(previous.end, stretch.start)
        )

    # ---- reported statements -------------------------------------------------------------------------------------

    def reported_statements(self, direct: list[Quote]) -> list[Quote]:
        statements: list[Quote] = []
        for sentence in self._sentences_with_cues():
            first = self._token_at_or_after(sentence.start)
            stop = self._token_at_or_after(sentence.end)
            found = self._reported_in(first, stop, sentence.end)
            reported_cues: set[int] = set()
            for statement in [part for whole in found for part in self._split_participle(whole)]:
                cue_start = self._cue_starts[id(statement)]
                if cue_start in self._direct_cue_starts or cue_start in reported_cues:
                    continue
                reported_cues.add(cue_start)
                words = len(statement.text.split())
                if words < MIN_REPORTED_WORDS or self._mostly_direct(statement, direct):
                    continue
                self._name_speaker(statement, self._statement_sources[id(statement)])
                statements.append(statement)
        return statements

    def _sentences_with_cues(self) -> list[Span]:
        """The sentences that hold a cue word or a colon, in text order: a statement needs one of them, and most
        sentences hold neither, so the others are never read."""
        marks = [self.starts[index] for index in self.cue_indices]
        marks += [colon.start() for colon in re.finditer(":", self.text)]  # a headline statement: "Graham: …"
        places: set[int] = set()
        for offset in marks:
            place = bisect.bisect_right(self.sentence_ends, offset)  # the first sentence ending after the mark
            if place < len(self.sentences) and self.sentences[place].start <= offset:
                places.add(place)
        return [self.sentences[place] for place in sorted(places)]

    def _split_participle(self, statement: Quote) -> list[Quote]:
        """"Sanders criticized the accord, saying it goes nowhere near far enough": two statements of one source,
        the second introduced by the participle."""
        first = self._token_at_or_after(statement.start)
        stop = self._token_at_or_after(statement.end)
        # a speech verb is a cue word: only the cues inside the statement need a look, not all its tokens
        cues = self.cue_indices
        for index in cues[bisect.bisect_left(cues, first + 1) : bisect.bisect_left(cues, stop - 1)]:
            token = self.tokens[index]
            if token.text.endswith("ing") and token.text in SPEECH_VERBS and self.tokens[index - 1].text == ",":
                if self._quoted(token.start) or statement.speaker_start is None:
                    return [statement]
                source = self.tokens[
                    self._token_at_or_after(statement.speaker_start) : self._token_at_or_after(statement.speaker_end)
                ]
                cue = self.tokens[self._token_at_or_after(self._cue_starts[id(statement)])]
                head = self._statement(first, index - 1, source, cue)
                tail_start = self._content_start(index + 1, stop, token.text)
                tail = self._statement(tail_start, stop, source, token) if tail_start is not None else None
                return [part for part in (head, tail) if part is not None]
        return [statement]

    def _reported_in(self, first: int, stop: int, sentence_end: int) -> list[Quote]:
        """Every statement of one sentence: "Cook said Carter stopped the practice, but Cook did not say when" holds
        two. A statement's content ends where the next statement's source begins after a comma or conjunction;
        a statement inside another's content ("Trump said Clinton claimed …") is kept as well."""
        found: list[Quote] = []
        headline = self._headline_statement(first, stop)
        if headline is not None:
            found.append(headline)
        cues = self.cue_indices
        for index in cues[bisect.bisect_left(cues, first):bisect.bisect_left(cues, stop)]:
            statement = self._statement_at(index, first, stop, sentence_end)
            if statement is None:
                continue
            if found and self._repeats_source(found[-1], statement) and not self._end_before_cue(found[-1], statement):
                found.pop()  # nothing of the earlier content is left before the new cue: "said said said …"
            found.append(statement)
        for earlier, later in zip(found, found[1:]):
            self._end_before_next_source(earlier, later)
        return found

    def _headline_statement(self, first: int, stop: int) -> Quote | None:
        """"Graham: Trump's rhetoric is destroying the party", "Poll: Trump ties Clinton": a short name or noun at the
        head of a sentence, a colon, and what they said."""
        colon = self._colon_among(first + 1, min(stop, first + 5))
        if colon is None or stop - colon < MIN_REPORTED_WORDS + 1 or self._quoted(self.tokens[colon].start):
            return None
        head = self.tokens[first:colon]
        if not head[0].is_capitalised or head[0].text.lower() in HEADLINE_LABELS:
            return None
        if not all(token.text[0].isalnum() or token.text in ("'s", "’s", "-") for token in head):
            return None
        if any(_verb_like(token.text) or token.text.lower() in SUBJECT_STOPS for token in head):
            return None
        return self._statement(colon + 1, stop, head, self.tokens[colon])

    def _colon_among(self, first: int, stop: int) -> int | None:
        """The first ":" token among tokens[first:stop]. Every colon of the text is a token of its own and only white
        space stands between tokens, so one search of their characters finds it, with no look at each token."""
        if first >= stop:
            return None
        colon = self.text.find(":", self.tokens[first].start, self.tokens[stop - 1].end)
        return self._token_at_or_after(colon) if colon >= 0 else None

    def _repeats_source(self, earlier: Quote, later: Quote) -> bool:
        """"Trump said X and said Y": a second cue of the same source inside the first statement's content."""
        return earlier.speaker_start == later.speaker_start and earlier.start <= self._cue_starts[id(later)] < earlier.end

    def _end_before_cue(self, earlier: Quote, later: Quote) -> bool:
        """End the earlier statement before the later one's cue ("X", not "X and said Y"), so that no two statements
        of one source hold the same words; False when too little of it is left to keep."""
        cue = self._token_at_or_after(self._cue_starts[id(later)])
        boundary = cue - 1
        while boundary > 0 and self.tokens[boundary].text.lower() in JOINERS_BEFORE_CUE:
            boundary -= 1
        start, end = _trim(self.text, earlier.start, self.tokens[boundary].end)
        if end <= start or len(self.text[start:end].split()) < MIN_REPORTED_WORDS:
            return False
        earlier.end, earlier.text = end, self.text[start:end]
        return True

    def _end_before_next_source(self, earlier: Quote, later: Quote) -> None:
        if later.speaker_start is None or not earlier.start < later.speaker_start < earlier.end:
            return
        boundary = self._token_at_or_after(later.speaker_start) - 1
        while boundary > 0 and self.tokens[boundary].text.lower() in CLAUSE_JOINERS:
            boundary -= 1
        if boundary + 1 == self._token_at_or_after(later.speaker_start):
            return  # "said Clinton claimed …": a report inside the content
        start, end = _trim(self.text, earlier.start, self.tokens[boundary].end)
        if end > start:
            earlier.end, earlier.text = end, self.text[start:end]

    def _statement_at(self, index: int, first: int, stop: int, sentence_end: int) -> Quote | None:
        """The statement whose cue stands at token `index`, if that token is a speech cue with a source."""
        token = self.tokens[index]
        lowered = self.lowered[index]
        if self._quoted(token.start):
            return None
        if lowered == "according" and index + 1 < stop and self.lowered[index + 1] == "to":
            return self._according_to(index, first, stop, sentence_end)
        if lowered in NOUN_CUES and index + 1 < stop and self.lowered[index + 1] == "that":
            possessor = self._possessor_before(index, first)
            if possessor:
                return self._statement(index + 2, stop, possessor, token, sentence_end)
        if lowered not in SPEECH_VERBS or not token.text.islower() or self._infinitive(index):
            return None
        participle = lowered.endswith("ing")
        if participle and (index == first or self.tokens[index - 1].text != ","):
            return None
        if participle:
            # "Sanders criticized the accord, saying it goes nowhere near far enough": the sentence's subject
            source = self._sentence_subject(first, index) or self._appositive_subject(index, first)
            adjacent = False
        else:
            source = self._subject_before(index, first)
            adjacent = bool(source)
        if not source:
            source = self._appositive_subject(index, first)
        if not source or self.lowered[self._position(source[0]) - 1] == "and":
            # "Trump expressed frustration and signaled he would …": the subject of the whole sentence
            source = self._sentence_subject(first, index) or source
        if source:
            source_start = self._position(source[0])
            if (
                adjacent
                and source_start > first + 1
                and self.tokens[source_start - 1].text == ","
                and self._clause_ends_soon(index + 1, comma_ends=False)
            ):
                # "The plan will fail, Trump said." — the content comes first
                return self._statement(first, source_start - 1, source, token)
            content_start = self._content_start(index + 1, stop, lowered)
            if content_start is None:
                return None
            return self._statement(content_start, stop, source, token, sentence_end)
        if index > first + 1 and self.tokens[index - 1].text == ",":
            after = self._source_forwards(index + 1)
            if after:
                return self._statement(first, index - 1, after, token)
        return None

    def _possessor_before(self, noun_index: int, first: int) -> Sequence[Token]:
        """Who owns a statement noun: "his" in "his claim", "Russia" in "Russia's insistence"."""
        before = noun_index - 1
        while before > first and self.tokens[before].text.islower() and self.tokens[before].text.lower() not in \
                POSSESSIVE_PRONOUNS:
            before -= 1  # "his repeated claim", "Trump's earlier assertion"
        if before < first or noun_index - before > 3:
            return []
        word = self.tokens[before]
        if word.text.lower() in POSSESSIVE_PRONOUNS:
            return [word]
        if word.text in ("'s", "’s"):
            owner = self._subject_before(before, first)
            return owner if owner and owner[-1].is_capitalised else []
        return []

    def _according_to(self, index: int, first: int, stop: int, sentence_end: int) -> Quote | None:
        source = self._source_forwards(index + 2)
        if not source:
            return None
        after_source = self._position(source[-1]) + 1
        if index == first or (index == first + 1 and not self.tokens[first].text[0].isalnum()):
            start = after_source + 1 if after_source < stop and self.tokens[after_source].text == "," else after_source
            return self._statement(start, stop, source, self.tokens[index], sentence_end)
        end = index - 1 if self.tokens[index - 1].text == "," else index
        return self._statement(first, end, source, self.tokens[index])

    def _content_start(self, index: int, stop: int, cue: str) -> int | None:
        """Where the reported content begins after its cue: past 'that', past the object of 'told reporters', past a
        prepositional phrase before 'that' ('said in a statement that')."""
        words = self.lowered[index : min(stop, index + 12)]  # the tests below look at most 12 tokens ahead
        if not words:
            return None
        that = words.index("that") if "that" in words else None
        if that is not None and (that == 0 or words[0] in PREPOSITIONS or cue in OBJECT_VERBS):
            return index + that + 1
        if cue in QUESTION_VERBS:
            question = next((position for position, word in enumerate(words[:8]) if word in QUESTION_WORDS), None)
            return index + question if question is not None else None
        if cue in BELIEF_VERBS and (words[0] in CLAUSE_SUBJECTS or self.tokens[index].is_capitalised):
            return index  # "thinks the Brexit is a great thing", "believes he can win"
        if cue in CLAUSE_ONLY_VERBS:
            return None
        if self.tokens[index].text in ",:":
            return index + 1
        if words[0] in PREPOSITIONS:
            return None
        return index

    def _statement(
        self, start_index: int, end_index: int, source: Sequence[Token], cue: Token, limit: int | None = None
    ) -> Quote | None:
        end_index = min(end_index, start_index + MAX_REPORTED_TOKENS)
        if end_index <= start_index:
            return None
        start = self.tokens[start_index].start
        end = self.tokens[end_index - 1].end
        if limit is not None:
            end = min(end, limit)
        start, end = _trim(self.text, start, end)
        if end <= start:
            return None
        quote = Quote(start, end, self.text[start:end], None, None, None, False)
        self._attach_cue(quote, _Attribution(source, cue))
        self._statement_sources[id(quote)] = source
        return quote

    def _mostly_direct(self, statement: Quote, direct: list[Quote]) -> bool:
        # direct quotes are in text order and do not overlap: only those from the one before the statement on count
        place = max(0, bisect.bisect_right(self._direct_starts(direct), statement.start) - 1)
        quoted = 0
        for quote in direct[place:]:
            if quote.start >= statement.end:
                break
            quoted += max(0, min(statement.end, quote.end) - max(statement.start, quote.start))
        return quoted >= 0.5 * (statement.end - statement.start)

    def _direct_starts(self, direct: list[Quote]) -> list[int]:
        if len(self._direct_start_list) != len(direct):
            self._direct_start_list = [quote.start for quote in direct]
        return self._direct_start_list

    # ---- sources -------------------------------------------------------------------------------------------------

    def _attach(self, quote: Quote, attribution: _Attribution) -> None:
        self._attach_cue(quote, attribution)
        self._name_speaker(quote, attribution.source)

    def _attach_cue(self, quote: Quote, attribution: _Attribution) -> None:
        """The cue and where the source is written: all that choosing among statements reads."""
        source = attribution.source
        quote.cue = attribution.cue.text
        quote.speaker_start, quote.speaker_end = source[0].start, source[-1].end
        quote.speaker_text = self.text[quote.speaker_start : quote.speaker_end]
        self._cue_starts[id(quote)] = attribution.cue.start

    def _name_speaker(self, quote: Quote, source: Sequence[Token]) -> None:
        """Who the source is and whom they speak for: entity lookups, worth doing only for a quote that is kept."""
        quote.speaker = self._resolve(source)
        quote.speaker_org = self._affiliation(source)

    def _affiliation(self, source: Sequence[Token]) -> str | None:
        """The organisation a speaker speaks for: written before the name ("Acme Corp spokesman Paul Harris",
        "UBS analyst David Strauss"), in the apposition after it ("Paul Harris, a spokesman for Acme Corp",
        "Maria Gonzalez, chief executive of Northwind Energy"), or in an unnamed speaker's role ("an Acme
        spokesman")."""
        mentions = self._entities_between(source[0].start, source[-1].end)
        person = next((mention for mention in reversed(mentions) if mention.type == "PERSON"), None)
        if person is None:
            return self._role_organisation(source) if source[-1].text.lower() in TITLE_WORDS else None
        before = [mention for mention in mentions if mention.type == "ORG" and mention.end <= person.start]
        if before:
            return before[-1].canonical
        index = self._token_at_or_after(person.end)
        if index >= len(self.tokens) or self.tokens[index].text != ",":
            return None
        for position in range(index + 1, min(len(self.tokens) - 1, index + 1 + MAX_APPOSITION_TOKENS)):
            word = self.tokens[position].text
            if word in (",", ".", ";", ":") or word in QUOTE_MARKS:
                return None
            if word.lower() in AFFILIATION_WORDS:
                following = self.tokens[position + 1].start
                place = bisect.bisect_left(self.entity_starts, following)
                if place < len(self.entities) and self.entities[place].type == "ORG" and \
                        self.text[following : self.entities[place].start].lower() in ("", "the "):
                    return self.entities[place].canonical
        return None

    def _resolve(self, source: Sequence[Token]) -> str | None:
        """The canonical entity a source phrase names: the entity its last word belongs to, or for he/she the
        nearest person named before it outside quotes."""
        start, end = source[0].start, source[-1].end
        if len(source) == 1 and source[0].text.lower() in PERSONAL_SOURCE_WORDS:
            pronoun_gender = "female" if source[0].text.lower() in ("she", "her") else "male"
            ends, names = self._people_by_gender[pronoun_gender]
            place = bisect.bisect_right(ends, start) - 1
            return names[place] if place >= 0 else None
        if len(source) == 1 and source[0].text.lower() == "who":
            antecedent = self._antecedent(source[0])
            return antecedent.canonical if antecedent else None
        if len(source) > 1 and source[0].text.lower() == "the" and source[-1].text.lower() in TITLE_WORDS:
            return self._titled_person(source[-1].text.lower(), start)  # "the senator said"
        head = source[-1]
        if head.text == ")":
            # "Rep. Jim Jordan (R-Ohio)": the name before the party tag
            opening = next((token for token in reversed(source) if token.text == "("), None)
            if opening is None or opening is source[0]:
                return None
            head = source[source.index(opening) - 1]
        place = bisect.bisect_right(self.entity_starts, head.start)
        for mention in self.entities[max(0, place - NEARBY_ENTITIES) : place]:
            if mention.start <= head.start < mention.end or (start <= mention.start and mention.end <= end and
                                                             head.text in ("'s", "’s")):
                return mention.canonical
        if head.text.lower() in TITLE_WORDS:
            return self._role_organisation(source)  # "a Northwind Energy spokesman" speaks for Northwind Energy
        opening = next(iter(self._entities_between(start, start + 1)), None)
        if opening is not None and opening.type in ("PERSON", "ORG"):
            # "Sanders made the following comment:": the phrase is a clause, its subject the speaker
            after = self._token_at_or_after(opening.end)
            if after < self._position(head) and _verb_like(self.tokens[after].text):
                return opening.canonical
        return None

    def _role_organisation(self, source: Sequence[Token]) -> str | None:
        """The organisation named inside an unnamed speaker's role ("a Northwind Energy spokesman")."""
        return next(
            (mention.canonical for mention in self._entities_between(source[0].start, source[-1].end)
             if mention.type == "ORG" and mention.end <= source[-1].end),
            None,
        )

    def _titled_person(self, title: str, offset: int) -> str | None:
        """"The senator said": the last person named before `offset`, outside quotes, with that title ("Sen. Ann
        Lowe", "Senator Lowe"); None when nobody was."""
        if self._titled is None:
            self._titled = {}
            for mention in sorted(self.entities, key=_end):
                if mention.type != "PERSON" or not mention.role or self._quoted(mention.start):
                    continue
                for word in set(mention.role.lower().replace(".", " ").split()):
                    ends, names = self._titled.setdefault(TITLE_ABBREVIATIONS.get(word, word), ([], []))
                    ends.append(mention.end)
                    names.append(mention.canonical)
        ends, names = self._titled.get(TITLE_ABBREVIATIONS.get(title.rstrip("."), title), ([], []))
        place = bisect.bisect_right(ends, offset) - 1
        return names[place] if place >= 0 else None

    def _antecedent(self, relative: Token) -> EntityMention | None:
        """The person or organisation a "who" refers to: the mention right before it, a comma aside."""
        place = bisect.bisect_left(self.entity_starts, relative.start) - 1
        if place < 0:
            return None
        mention = self.entities[place]
        if mention.type not in ("PERSON", "ORG") or self.text[mention.end : relative.start].strip() not in ("", ","):
            return None
        if mention.type == "ORG" and self._object_of_preposition(mention):
            # "Charles Ruiz, a management expert at Stanford University, who said": the person the apposition is about
            for earlier in reversed(self.entities[max(0, place - NEARBY_ENTITIES) : place]):
                if mention.start - earlier.end > MAX_APPOSITION_CHARS:
                    break
                apposition = self.text[earlier.end : mention.start]
                if earlier.type == "PERSON" and apposition.startswith(",") and ". " not in apposition:
                    return earlier
        return mention

    def _subject_before(self, cue_index: int, lower_bound: int) -> Sequence[Token]:
        index = cue_index - 1
        if index > lower_bound and self.lowered[index] == "to" and self._catenative(index - 1):
            index -= 2  # "Moscow continues to reject"
        while index >= lower_bound and self.lowered[index] in BETWEEN_SUBJECT_AND_CUE_OR_NOT:
            index -= 1
        while index >= lower_bound and self.tokens[index].text.endswith("ly") and self.tokens[index].text.islower():
            index -= 1
        if index > lower_bound + 1 and self.lowered[index] in TIME_WORDS and \
                self.lowered[index - 1] in ("on", "last", "this", "earlier"):
            index -= 2  # "Trump on Tuesday said"
        if index > lower_bound and self.lowered[index] == "who" and self._antecedent(self.tokens[index]):
            return [self.tokens[index]]  # "Mr. Sanders, who said he intended …": the relative pronoun, resolved
        collected: list[Token] = []
        while index >= lower_bound and len(collected) < MAX_SOURCE_TOKENS:
            token = self.tokens[index]
            lowered = self.lowered[index]
            # a capitalised stop word inside the sentence is a name ("… ,' From said")
            stop_word = token.text in SUBJECT_STOPS or (lowered in SUBJECT_STOPS and index == lower_bound)
            if stop_word or token.text in QUOTE_MARKS or (lowered in SPEECH_VERBS and not self._infinitive(index)):
                break  # another verb ends the subject, but a noun ("the report") is the subject
            if token.text == ")":
                # "Rep. Earl Blumenauer (D-Ore.) said": step over the party tag
                opening = next(
                    (back for back in range(index - 1, max(lower_bound, index - 8) - 1, -1)
                     if self.tokens[back].text == "("),
                    None,
                )
                if opening is None or collected:
                    break
                index = opening - 1
                continue
            if not token.text[0].isalnum() and token.text not in ("'s", "’s", "&", "-"):
                break
            collected.append(token)
            index -= 1
        collected.reverse()
        if len(collected) == MAX_SOURCE_TOKENS:
            collected = collected[-3:]
        if len(collected) > 1 and collected[-1].text.lower() in SOURCE_PRONOUNS:
            collected = collected[-1:]  # "Of the government ownership he stated": the pronoun is the subject
        if not collected or collected[-1].text.lower() in NOT_SUBJECT_ENDS or collected[-1].text[0].isdigit():
            return []
        return collected if _plausible_source(collected) else []

    def _appositive_subject(self, cue_index: int, first: int) -> Sequence[Token]:
        """The subject of "X, a nominal Republican who voted for JFK, said" or "In a statement, her adviser,
        Jake Sullivan, said": of the comma-separated chunks before the cue, the last one naming a person or
        organisation, else the chunk opening the sentence."""
        before = cue_index - 1
        while before > first and self.tokens[before].text.lower() in BETWEEN_SUBJECT_AND_CUE:
            before -= 1
        if before <= first or self.tokens[before].text != ",":
            return []
        start = max(first, before - MAX_SUBJECT_TOKENS)
        chunks: list[list[Token]] = [[]]
        for token in self.tokens[start:before]:
            if token.text == ",":
                chunks.append([])
            else:
                chunks[-1].append(token)
        for chunk in reversed(chunks):
            if chunk and chunk[0].text.islower():
                continue  # the apposition itself: "a nominal Republican who …", "asked about …"
            named = [
                mention
                for mention in (self._entities_between(chunk[0].start, chunk[-1].end) if chunk else [])
                if mention.type in ("PERSON", "ORG") and mention.end <= chunk[-1].end
                and not self._object_of_preposition(mention)  # "Peter Boockvar an equity strategist for Miller Tabak"
            ]
            if named:
                start = self._token_at_or_after(named[-1].start)
                end = self._token_at_or_after(named[-1].end)
                chunk_start = self._position(chunk[0])
                while start > chunk_start and self.tokens[start - 1].is_capitalised and end - start < MAX_SOURCE_TOKENS:
                    start -= 1  # the title written before the name: "Rep.", "Sen."
                return self.tokens[start:end]
        opening = chunks[0] if start == first else []
        if 0 < len(opening) <= MAX_SOURCE_TOKENS and not any(
            word.text.lower() in SUBJECT_STOPS or word.text in QUOTE_MARKS for word in opening
        ):
            return opening
        return []

    def _quoted_as_saying(self, cue_index: int) -> Sequence[Token]:
        """"Detik.com quoted Djamal as saying: '…'": the speech verb's quoting verb and the person it quotes."""
        if cue_index < 3 or self.tokens[cue_index - 1].text.lower() != "as":
            return []
        for back in range(cue_index - 2, max(0, cue_index - 3 - MAX_SOURCE_TOKENS), -1):
            if self.tokens[back].text.lower() in QUOTING_VERBS:
                return self._person_quoted(back)
        return []

    def _person_quoted(self, verb_index: int) -> Sequence[Token]:
        """"quoted Djamal as saying", "cited an aide as telling reporters": the one quoted, not the one quoting,
        is the speaker."""
        stop = min(len(self.tokens) - 1, verb_index + 2 + MAX_SOURCE_TOKENS)
        for index in range(verb_index + 1, stop):
            if self.tokens[index].text.lower() == "as":
                following = self.tokens[index + 1].text
                phrase = self.tokens[verb_index + 1 : index]
                speaks = following in SPEECH_VERBS and following.endswith("ing")
                return phrase if speaks and _plausible_source(phrase) else []
        return []

    def _passive_agent(self, cue_index: int) -> Sequence[Token]:
        """"The plan was praised by Senator Ruth Adler as '…'": the agent after "by" speaks."""
        if cue_index < 1 or cue_index + 2 >= len(self.tokens) or self.tokens[cue_index + 1].text.lower() != "by":
            return []
        if self.tokens[cue_index - 1].text.lower() not in BE_FORMS:
            return []
        return self._source_forwards(cue_index + 2)

    def _object_of_preposition(self, mention: EntityMention) -> bool:
        before = self._token_at_or_after(mention.start) - 1
        return before >= 0 and self.tokens[before].text.lower() in OBJECT_PREPOSITIONS

    def _names_someone(self, phrase: Sequence[Token]) -> bool:
        """Whether a phrase names a speaker: a pronoun, or a person or organisation that is not the object of a
        preposition ("a letter to Apple's board"; but "with UBS analyst David Strauss saying" names the speaker)."""
        if not phrase:
            return False
        if len(phrase) == 1 and phrase[0].text.lower() in SOURCE_PRONOUNS:
            return True
        before = self._position(phrase[0]) - 1
        if before >= 0 and self.tokens[before].text.lower() in OBJECT_PREPOSITIONS_BUT_WITH:
            return False
        return any(
            mention.type in ("PERSON", "ORG")
            for mention in self._entities_between(phrase[0].start, phrase[-1].end)
        )

    def _mention_ending_at(self, offset: int) -> Sequence[Token]:
        """The person or organisation mention that ends right before `offset` (spaces aside), unless a preposition
        makes it an object ("delivered a blunt message to Trump: '…'")."""
        place = bisect.bisect_left(self.entity_starts, offset)
        for mention in self.entities[max(0, place - NEARBY_ENTITIES) : place]:
            ends_there = mention.end <= offset and not self.text[mention.end : offset].strip()
            if mention.type in ("PERSON", "ORG") and ends_there:
                start = self._token_at_or_after(mention.start)
                if start > 0 and self.tokens[start - 1].text.lower() in OBJECT_PREPOSITIONS:
                    return []
                return self.tokens[start : self._token_at_or_after(mention.end)]
        return []

    def _source_forwards(self, index: int) -> Sequence[Token]:
        collected: list[Token] = []
        while index < len(self.tokens) and len(collected) < MAX_SOURCE_TOKENS:
            token = self.tokens[index]
            if token.text.lower() in SOURCE_AFTER_STOPS or (not token.text[0].isalnum() and token.text not in
                                                              ("'s", "’s", "&")):
                break
            if collected and "\n" in self.text[collected[-1].end : token.start]:
                break
            collected.append(token)
            index += 1
            if index + 1 < len(self.tokens) and self.tokens[index].text == "." and \
                    ends_with_abbreviation(self.text, self.tokens[index].start) and self.tokens[index + 1].is_capitalised:
                index += 1  # "said Rep. Jim Jordan": the title's period does not end the name
        return collected if _plausible_source(collected) else []

    def _sentence_subject(self, first: int, cue_index: int) -> Sequence[Token]:
        """The subject of a sentence whose speech verb is a participle (", stating, '…'"): the first named entity or
        pronoun directly followed by a lower-case verb-like word."""
        subject_end = min(cue_index, first + MAX_SUBJECT_TOKENS)
        for mention in self._entities_between(self.tokens[first].start, self.tokens[subject_end].start):
            if self._quoted(mention.start):
                continue
            after = self._token_at_or_after(mention.end)
            verb = self._past_relative_clause(after, cue_index)
            while verb < cue_index and self.tokens[verb].text.islower() and (
                self.tokens[verb].text.endswith("ly") or self.tokens[verb].text in BETWEEN_SUBJECT_AND_CUE
            ):
                verb += 1  # "Trump subsequently defended …", "Trump then appears …"
            if verb < cue_index and _verb_like(self.tokens[verb].text):
                return self.tokens[self._token_at_or_after(mention.start) : after]
        pronoun = self._first_subject_pronoun(first)
        if pronoun is not None and pronoun < cue_index:
            return [self.tokens[pronoun]]
        verb, phrase = self._opening_noun_phrase(first)
        return phrase if verb is not None and verb < cue_index else []

    def _first_subject_pronoun(self, first: int) -> int | None:
        """The first pronoun followed by a verb among a sentence's first words. It does not depend on the cue, so it
        is found once per sentence however many cues the sentence holds."""
        if first not in self._pronoun_memo:
            self._pronoun_memo[first] = next(
                (index for index in range(first, min(first + MAX_SUBJECT_TOKENS, len(self.tokens) - 1))
                 if self._subject_pronoun(index)),
                None,
            )
        return self._pronoun_memo[first]

    def _subject_pronoun(self, index: int) -> bool:
        if self.lowered[index] not in SOURCE_PRONOUNS:  # the test that fails for almost every word: made first
            return False
        verb = self.tokens[index + 1].text
        # after he/she/it a word in -s is a verb ("She wants"), not a plural
        singular_verb = self.lowered[index] in ("he", "she", "it") and verb.islower() and verb.endswith("s")
        return (_verb_like(verb) or singular_verb) and not self._quoted(self.tokens[index].start)

    def _past_relative_clause(self, index: int, limit: int) -> int:
        """Where the verb of a subject goes on after ", who has been advocating for a peace deal," (or `index`
        itself when no relative clause follows the subject)."""
        if index + 1 >= limit or self.tokens[index].text != "," or self.tokens[index + 1].text.lower() not in (
            "who", "which"
        ):
            return index
        stop = min(limit, index + 2 + MAX_SUBJECT_TOKENS)
        closing = next((place for place in range(index + 2, stop) if self.tokens[place].text == ","), None)
        return closing + 1 if closing is not None else index

    def _opening_noun_phrase(self, first: int) -> tuple[int | None, Sequence[Token]]:
        """The sentence's first finite verb and the subject before it, found once per sentence."""
        if first not in self._noun_phrase_memo:
            verb = next(
                (index for index in range(first + 1, min(first + MAX_SUBJECT_TOKENS, len(self.tokens)))
                 if _verb_like(self.tokens[index].text)),
                None,
            )
            self._noun_phrase_memo[first] = (verb, self._noun_phrase_subject(first, verb) if verb is not None else [])
        return self._noun_phrase_memo[first]

    def _noun_phrase_subject(self, first: int, verb: int) -> Sequence[Token]:
        """"Ryan's campaign shrugged off …, telling reporters": the noun phrase before the sentence's first finite
        verb, after any opening phrase set off by a comma ("In a statement, the town …")."""
        start = first
        for index in range(first, verb):
            if self.tokens[index].text == ",":
                start = index + 1
        end = verb
        while end > start and self.tokens[end - 1].text.lower() in BETWEEN_SUBJECT_AND_CUE:
            end -= 1
        phrase = self.tokens[start:end]
        if not phrase or len(phrase) > MAX_SOURCE_TOKENS or phrase[-1].text.lower() in NOT_SUBJECT_ENDS:
            return []
        if any(token.text in SUBJECT_STOPS or token.text in QUOTE_MARKS or not token.text[0].isalnum()
               and token.text not in ("'s", "’s", "-", "&") for token in phrase):
            return []
        return phrase if _plausible_source(phrase) else []

    # ---- positions -----------------------------------------------------------------------------------------------

    def _position(self, token: Token) -> int:
        return bisect.bisect_left(self.starts, token.start)

    def _token_at_or_after(self, offset: int) -> int:
        return bisect.bisect_left(self.starts, offset)

    def _sentence_start(self, offset: int) -> int:
        """Start of the sentence holding `offset`, reading sentence ends only outside quotes, and no further back
        than MAX_SENTENCE_CHARS."""
        paragraph = self._paragraph_start(offset)
        _, last = _trim_space(self.text, max(0, paragraph - MAX_SENTENCE_CHARS), paragraph)
        if paragraph and self.text[last - 1 : last] == ":":
            # a quote opening the paragraph after "Cruz continued:" belongs to that line
            paragraph = self._paragraph_start(last)
        place = bisect.bisect_right(self._sentence_stops, offset) - 1
        stop = self._sentence_stops[place] if place >= 0 else 0
        return max(stop, paragraph, self._token_start_after(offset - MAX_SENTENCE_CHARS))

    @cached_property  # only quotes ask for it: an article without one never reads its stops
    def _sentence_stops(self) -> list[int]:
        """Just past every sentence end outside quotes: . ! or ? before white space, not closing "Mr." or "U.S."."""
        stops = []
        for match in re.finditer(r"[.!?](?=\s)", self.text):
            index = match.start()
            if self._quoted(index) or (self.text[index] == "." and ends_with_abbreviation(self.text, index)):
                continue
            stops.append(index + 1)
        # a quoted sentence ends the writer's sentence too when a capital opens the next one: '… options."
        # Washington senator Patty Murray … said' does not reach back into the quote before it
        for stretch in self.stretches:
            after = stretch.closing_end
            if stretch.closed_by_mark and self.text[stretch.end - 1 : stretch.end] in (".", "!", "?") and \
                    self.text[after : after + 1] in (" ", "\t") and self.text[after + 1 : after + 2].isupper():
                stops.append(after)
        return sorted(stops)

    def _token_start_after(self, offset: int) -> int:
        place = self._token_at_or_after(offset)
        return self.tokens[place].start if place < len(self.tokens) else len(self.text)

    def _paragraph_start(self, offset: int) -> int:
        """Just past the last newline before `offset`."""
        place = bisect.bisect_left(self.newlines, offset) - 1
        return self.newlines[place] + 1 if place >= 0 else 0

    def _line_end(self, offset: int) -> int:
        """The first newline at or after `offset`, or the end of the text."""
        place = bisect.bisect_left(self.newlines, offset)
        return self.newlines[place] if place < len(self.newlines) else len(self.text)

    def _newlines_between(self, start: int, end: int) -> int:
        return bisect.bisect_left(self.newlines, end) - bisect.bisect_left(self.newlines, start)

    def _sentence_ending_by(self, offset: int) -> Span | None:
        """The last sentence that ends at or before `offset`."""
        place = bisect.bisect_right(self.sentence_ends, offset) - 1
        return self.sentences[place] if place >= 0 else None

    def _entities_between(self, start: int, end: int) -> list[EntityMention]:
        """Mentions that start in [start, end), in text order."""
        return self.entities[bisect.bisect_left(self.entity_starts, start) : bisect.bisect_left(self.entity_starts, end)]

    def _quoted_between(self, start: int, end: int) -> bool:
        """Whether a quoted stretch overlaps [start, end)."""
        place = bisect.bisect_right(self.stretch_starts, start) - 1
        if place >= 0 and start < self.stretches[place].end:
            return True
        return place + 1 < len(self.stretches) and self.stretches[place + 1].start < end

    @cached_property  # worked out at the first he/she/his/her source, and only then
    def _people_by_gender(self) -> dict[str, tuple[list[int], list[str]]]:
        """For he/she: the people named outside quotes whom each pronoun may denote, as (ends, canonical names) in
        text order, so the nearest one before a pronoun is a bisect away."""
        people: dict[str, tuple[list[int], list[str]]] = {"male": ([], []), "female": ([], [])}
        genders = _genders_from_roles(self.entities)
        for mention in sorted(self.entities, key=_end):
            if mention.type != "PERSON" or self._quoted(mention.start):
                continue
            for gender, (ends, names) in people.items():
                if genders.get(mention.canonical, gender) == gender:
                    ends.append(mention.end)
                    names.append(mention.canonical)
        return people

    def _full_stop(self, token: Token) -> bool:
        """A period that ends a sentence: followed by white space or the end ("(D-Ore.) said" is no stop)."""
        return token.text == "." and (token.end >= len(self.text) or self.text[token.end].isspace())

    def _possessive_mark(self, token: Token) -> bool:
        """"Sanders’ campaign": an apostrophe right after a word ending in s, not a closing quote mark."""
        return token.text in "’'" and token.start > 0 and self.text[token.start - 1] in "sS"

    def _quoted(self, offset: int) -> bool:
        # stretches are outermost and in text order, so only the last one starting at or before `offset` can hold it
        place = bisect.bisect_right(self.stretch_starts, offset) - 1
        return place >= 0 and offset < self.stretches[place].end

    def _infinitive(self, index: int) -> bool:
        """Whether the cue word is no finite speech verb here: "to say", "will tell", or a noun ("a call",
        "Trump's claims", "the report")."""
        if index > 1 and self.lowered[index - 1] == "to" and self._catenative(index - 2):
            return False  # "Moscow continues to reject calls": the cue carries on the finite verb before it
        if index > 1 and self.lowered[index - 1] == "not" and self.lowered[index - 2] in (
            "did", "does", "do", "would", "could", "will"
        ):
            return False  # "Carter did not say when": a finite verb, negated
        return index > 0 and self.lowered[index - 1] in NOT_BEFORE_FINITE_CUE

    def _catenative(self, index: int) -> bool:
        return index >= 0 and self.lowered[index] in CATENATIVE_VERBS


def _same_speaker(quote: Quote, previous: Quote) -> None:
    """A quote going on with the previous one's speaker."""
    quote.speaker, quote.speaker_text, quote.speaker_org = previous.speaker, previous.speaker_text, previous.speaker_org
    quote.speaker_start, quote.speaker_end = previous.speaker_start, previous.speaker_end


def _genders_from_roles(entities: list[EntityMention]) -> dict[str, str]:
    """What the article's own honorifics and titles say of a person's gender ("Mrs. Clinton", "Congressman X"), so
    that "she said" does not resolve to "Mr. Trump"."""
    genders: dict[str, str] = {}
    for mention in entities:
        if not mention.role:
            continue  # most mentions come with no role
        words = set(mention.role.lower().replace(".", "").split())
        if words & FEMALE_ROLE_WORDS:
            genders[mention.canonical] = "female"
        elif words & MALE_ROLE_WORDS:
            genders[mention.canonical] = "male"
    return genders


def _plausible_source(tokens: Sequence[Token]) -> bool:
    """Whether a phrase can name who spoke: not a date ("a Sunday"), not a verb phrase ("issued a statement",
    "hasn't picked up"), not an opening adverbial ("With leaders worried")."""
    if not tokens:
        return False
    head, opening = tokens[-1].text.lower(), tokens[0].text
    if head in TIME_WORDS or (len(tokens) == 1 and head in ("one", "also", "then")):
        return False
    if len(tokens) > 1 and opening.lower() in SUBJECT_STOPS:
        return False  # "With Democratic leaders increasingly", "After saying": a phrase opening the sentence
    names_someone = any(token.is_capitalised for token in tokens[1:])
    if opening.islower() and (opening.endswith("ed") or opening in COMMON_FINITE_VERBS) and not names_someone:
        return False  # "issued a statement", but "retired neurosurgeon Ben Carson" names a person
    return not any(token.text.endswith(("n't", "n’t")) for token in tokens)


def _is_cue(word: str, past_tense_counts: bool) -> bool:
    lowered = word.lower()
    if lowered in QUOTE_CUES:
        return True
    return past_tense_counts and word.islower() and len(word) > 4 and lowered.endswith("ed")


def _verb_like(word: str) -> bool:
    lowered = word.lower()
    return word.islower() and (
        lowered in SPEECH_VERBS
        or lowered.endswith(("ed", "es"))
        or lowered in COMMON_FINITE_VERBS
        or lowered in BETWEEN_SUBJECT_AND_CUE
    )


def _is_title(content: str) -> bool:
    """Every word capitalised (small words aside): a name of a work or a headline rather than speech."""
    capitalised = False
    # read word by word: speech fails the test within its first words, a title's words are all read
    for match in _TITLE_WORD.finditer(content):
        word = match.group()
        if word.lower() in TITLE_SMALL_WORDS:
            continue
        if not word[0].isupper():
            return False
        capitalised = True
    return capitalised


def _pieces(sentences: list[Span], token_starts: Sequence[int]) -> list[Span]:
    """Sentences of at most MAX_SENTENCE_TOKENS tokens: a longer one (a list, a run of words with no stop) is cut."""
    pieces: list[Span] = []
    for sentence in sentences:
        if sentence.end - sentence.start <= MAX_SENTENCE_TOKENS:
            pieces.append(sentence)  # too short to hold that many tokens (each has a character at least): not cut
            continue
        first = bisect.bisect_left(token_starts, sentence.start)
        stop = bisect.bisect_left(token_starts, sentence.end)
        start = sentence.start
        for cut in range(first + MAX_SENTENCE_TOKENS, stop, MAX_SENTENCE_TOKENS):
            pieces.append(Span(start, token_starts[cut]))
            start = token_starts[cut]
        pieces.append(Span(start, sentence.end) if start != sentence.start else sentence)
    return pieces


def _trim_space(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Content without surrounding spaces or the comma/colon that hands over to the attribution."""
    while start < end and (text[start].isspace() or text[start] in ",:;—"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",:;—"):
        end -= 1
    return start, end
