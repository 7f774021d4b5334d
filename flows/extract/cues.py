"""Verbs that attribute speech, writing or a stance to a source ("said", "told reporters", "accused")."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[list[str]]:
    """The tab-separated rows of a data table; lines starting with # are comments."""
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip().split("\t") for line in lines if line.strip() and not line.startswith("#")]


# Lemmas of verbs that introduce what a source said, wrote or holds.
_SPEECH_LEMMAS = """
say tell state announce add note insist argue claim assert declare explain emphasize emphasise stress warn write tweet
post report confirm deny acknowledge admit suggest predict promise pledge vow accuse dismiss reject criticize criticise
urge call demand ask question respond reply answer recall recount describe complain concede contend maintain point
believe think agree disagree estimate reveal disclose testify signal hint indicate mention remark observe comment
repeat reiterate counter protest continue echo conclude thank bark scoff snap shout yell exclaim retort muse wonder
sigh laugh fume marvel opine
mock chide tease plead slam blast scold rebuke taunt boast joke quip caution charge allege blame praise lament acknowledge predict
hope fear doubt feel find show
""".split()
# Irregular or doubled forms the simple inflector gets wrong.
_IRREGULAR = {
    "say": ["says", "said", "saying"],
    "tell": ["tells", "told", "telling"],
    "write": ["writes", "wrote", "written", "writing"],
    "think": ["thinks", "thought", "thinking"],
    "tweet": ["tweets", "tweeted", "tweeting"],
    "quip": ["quips", "quipped", "quipping"],
    "admit": ["admits", "admitted", "admitting"],
    "testify": ["testifies", "testified", "testifying"],
    "reply": ["replies", "replied", "replying"],
    "deny": ["denies", "denied", "denying"],
    "signal": ["signals", "signaled", "signalled", "signaling", "signalling"],
    "question": ["questions", "questioned", "questioning"],
    "answer": ["answers", "answered", "answering"],
    "feel": ["feels", "felt", "feeling"],
    "find": ["finds", "found", "finding"],
    "show": ["shows", "showed", "shown", "showing"],
}


def _inflect(lemma: str) -> list[str]:
    if lemma in _IRREGULAR:
        return [lemma, *_IRREGULAR[lemma]]
    if lemma.endswith("e"):
        return [lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"]
    if lemma.endswith(("s", "sh", "ch", "x")):
        return [lemma, lemma + "es", lemma + "ed", lemma + "ing"]
    return [lemma, lemma + "s", lemma + "ed", lemma + "ing"]


# Forms that news text uses as nouns far more often than as speech verbs ("his home state", "the states").
_NOUN_FORMS = frozenset("state states".split())
SPEECH_VERBS: frozenset[str] = frozenset(
    form for lemma in _SPEECH_LEMMAS for form in _inflect(lemma) if form not in _NOUN_FORMS
)
# Verbs that only attribute speech when they come with a clause ("X said that ...") rather than an object.
CLAUSE_ONLY_VERBS: frozenset[str] = frozenset(
    form
    for lemma in (
        "call ask question point charge post report believe think agree answer repeat continue echo thank hope fear "
        "doubt feel find show"
    ).split()
    for form in _inflect(lemma)
)
# Verbs after which the next words name a target, not the content ("accused Russia of", "told reporters").
OBJECT_VERBS: frozenset[str] = frozenset(
    form for lemma in "tell accuse urge warn blame praise criticize criticise ask".split() for form in _inflect(lemma)
)
# Verbs that hand over a quotation standing right beside them ("'…,' he went on", "as Amar put it, '…'", "'…,'
# reads the editorial") but are too common in other senses to mark reported speech.
QUOTE_ONLY_VERBS: frozenset[str] = frozenset(
    """read reads went go goes shot shoot shoots put puts sang sing sings sung cracked cracks gloated gloats boomed
    booms cited cites chanted chants interrupted interjected wrote began begins""".split()
)
QUOTE_CUES: frozenset[str] = SPEECH_VERBS | QUOTE_ONLY_VERBS
# Verbs of belief whose clause may come without "that" ("Trump thinks the Brexit is a great thing").
BELIEF_VERBS: frozenset[str] = frozenset(
    form for lemma in "believe think hope fear doubt feel".split() for form in _inflect(lemma)
)
# Verbs whose content may be a question ("asked whether …", "wondered how …").
QUESTION_VERBS: frozenset[str] = frozenset(form for lemma in "ask question wonder".split() for form in _inflect(lemma))
# Nouns that carry a statement when a possessor and "that" frame them ("his claim that …", "Russia's insistence
# that …").
NOUN_CUES: frozenset[str] = frozenset(
    """claim claims assertion assertions argument warning warnings statement belief view insistence promise promises
    pledge suggestion allegation allegations accusation accusations contention remark remarks comment comments
    announcement prediction threat vow declaration admission denial message complaint charge charges concern hope
    fear fears hopes position""".split()
)
PERSON_PRONOUNS: frozenset[str] = frozenset("he she".split())
SOURCE_PRONOUNS: frozenset[str] = frozenset("he she they i we it".split())
# Abbreviated titles → the title word ("sen" → "senator").
TITLE_ABBREVIATIONS: dict[str, str] = {short: title for short, title in _rows("title_abbreviations.tsv")}
# Verbs that pass on another source's words: "Reuters quoted X as saying".
QUOTING_VERBS: frozenset[str] = frozenset(verb for verb, in _rows("quoting_verbs.tsv"))
