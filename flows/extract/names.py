"""Person names: titles and roles in front of a name, normalised lookup keys, and the forms a name is known by."""

from __future__ import annotations

import functools
import re
import unicodedata


# Words that make a capitalised run in front of a name a title or role ("Ukrainian Defense Minister").
TITLE_WORDS = frozenset(
    """president presidents chancellor minister ministers secretary senator sen. sens. representative rep. reps.
    governor gov. mayor judge justice general gen. admiral adm. colonel col. lieutenant lt. sergeant sgt. captain capt.
    major maj. king queen prince princess pope ambassador spokesman spokeswoman spokesperson chairman chairwoman chair
    director commissioner speaker leader premier prime ceo chief attorney professor prof. dr. mr. mrs. ms. rev.
    sheikh emir ayatollah candidate nominee founder officer deputy vice first lady adviser advisor aide envoy
    analyst economist strategist
    """.split()
)
# Capitalised words that may stand inside a role before a title word ("Defense", "Foreign", "Former").
ROLE_MODIFIERS = frozenset(
    """former acting defense defence foreign interior finance health justice state homeland security economy
    trade culture energy education labor labour commerce treasury agriculture transportation national general
    supreme executive senior deputy vice prime chief white house democratic republican gop presidential u.s. us
    majority minority party senate house republican democrat""".split()
)
HONORIFICS = frozenset("mr mrs ms dr sir madam dame lord lady rev prof".split())
SUFFIXES = frozenset("jr sr ii iii iv".split())


_POSSESSIVE_END = re.compile(r"['’]s$")
_PERIODS_AND_APOSTROPHES = re.compile(r"[.'’]")
_NOT_WORD_CHARACTERS = re.compile(r"[^\w]+")


@functools.lru_cache(maxsize=8192)  # names recur within a story and across a corpus
def normalise(name: str) -> str:
    """Lower case, accents and punctuation removed, possessive dropped, spaces collapsed."""
    folded = unicodedata.normalize("NFKD", name)
    if not folded.isascii():  # no character of ASCII is a combining mark: most names need no look at each character
        folded = "".join(char for char in folded if not unicodedata.combining(char))
    folded = _POSSESSIVE_END.sub("", folded.strip())
    folded = _PERIODS_AND_APOSTROPHES.sub("", folded.lower())
    folded = _NOT_WORD_CHARACTERS.sub(" ", folded)
    return " ".join(folded.split())


@functools.lru_cache(maxsize=8192)  # the people of a story are named again and again
def bare_person_name(name: str) -> str:
    """A person's name without the title or role written in front of it and without honorifics."""
    words = name.split()
    cut = 0
    for index, word in enumerate(words[:-1]):
        lowered = word.lower()
        if lowered in TITLE_WORDS or lowered in ROLE_MODIFIERS or lowered.rstrip(".") in HONORIFICS:
            cut = index + 1
    return " ".join(words[cut:])


@functools.lru_cache(maxsize=8192)
def surname(name: str) -> str:
    words = [word for word in normalise(bare_person_name(name)).split() if word not in SUFFIXES]
    return words[-1] if words else ""


def person_matches(short_name: str, full_name: str) -> bool:
    """Whether a (possibly surname-only) person name can denote the person with `full_name`: the shorter name's words
    must be the full name's last words, or its first and last ("Donald J. Trump" ~ "Donald Trump")."""
    short = [word for word in normalise(bare_person_name(short_name)).split() if word not in SUFFIXES]
    full = [word for word in normalise(bare_person_name(full_name)).split() if word not in SUFFIXES]
    if not short or not full:
        return False
    if full[-len(short) :] == short:
        return True
    return short[0] == full[0] and short[-1] == full[-1]
