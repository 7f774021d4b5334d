"""Bytes to clean Unicode text: decoding, mojibake repair and whitespace normalisation.

Quote marks and apostrophes are kept exactly as written: later stages find quotes by their marks,
and a straight ' and a curly ’ mean different things there (a quote mark versus an apostrophe).
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata

from charset_normalizer import from_bytes

from flows.records import ArticleError

# --- decoding -------------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Declared encodings that browsers (and we) read as Windows-1252, its superset.
_READ_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252", "cp1252"}
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")


def decode_bytes(data: bytes, declared_charset: bool = False) -> str:
    """The text of a file: by its BOM, as UTF-8, by its declared charset (HTML), else detected.

    Western text that is not UTF-8 is almost always Windows-1252 or Latin-1; statistical detectors
    guess exotic code pages for such short texts (cp1250, cp775), so those two are tried first and
    kept when the result reads like Latin script. Otherwise charset-normalizer decides.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared_charset:
        text = _decode_as_declared(data)
        if text is not None:
            return text
    latin = _decode_western(data)
    if latin is not None and _reads_as_latin_script(latin):
        return latin
    guess = from_bytes(data).best()
    if guess is not None:
        return str(guess)
    if latin is not None:
        return latin
    raise ArticleError("The file is not in a text encoding that could be recognised.", stage="clean")


def _decode_as_declared(data: bytes) -> str | None:
    head = data[:4096]
    match = _XML_ENCODING.search(head) or _DECLARED_CHARSET.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", errors="ignore").lower()
    if name in _READ_AS_CP1252:
        return _decode_western(data)
    try:
        return data.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None  # a wrong or unknown declaration: fall back to detection


def _decode_western(data: bytes) -> str | None:
    # cp1252 leaves five bytes undefined; Latin-1 maps every byte, so it is the last resort.
    for encoding in ("cp1252", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _reads_as_latin_script(text: str) -> bool:
    """True when most letters are ASCII: accented letters are a minority in any Latin-script text,
    while Cyrillic or Greek bytes read as cp1252 turn into runs of accented letters. A stray
    undefined byte is tolerated; many C1 control characters mean another encoding."""
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return True
    non_ascii = sum(1 for char in letters if ord(char) > 127)
    controls = sum(1 for char in text if "\x80" <= char <= "\x9f")
    return non_ascii / len(letters) < 0.3 and controls <= max(2, len(text) // 100)


# --- mojibake ---------------------------------------------------------------------------------------


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return bytes([byte]).decode("latin-1")


# UTF-8 continuation bytes (0x80-0xBF) as they look after a wrong cp1252 decoding.
_CONTINUATION = "".join(_cp1252_char(byte) for byte in range(0x80, 0xC0))
# Lead bytes whose mis-decodings are common and are never legitimate before a continuation
# character: Â Ã Ä Å (Latin-1 supplement and Latin Extended), Î Ï (Greek), Ð Ñ (Cyrillic), â (€ ’ “ ” –).
# One lead byte then one continuation, or â then two. Written as one character class for every lead, then the
# continuations each lead takes: a pattern that starts with a class is searched for in C, position by position.
_MOJIBAKE_LEADS = "ÂÃÄÅÎÏÐÑ"
_MOJIBAKE = re.compile(
    f"[{_MOJIBAKE_LEADS}â]"
    f"(?:(?<=[{_MOJIBAKE_LEADS}])[{re.escape(_CONTINUATION)}]|(?<=â)[{re.escape(_CONTINUATION)}]{{2}})"
)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded as cp1252 somewhere upstream ("cafÃ©" → "café")."""
    return _MOJIBAKE.sub(_redecode, text)


def _redecode(match: re.Match[str]) -> str:
    garbled = match.group(0)
    try:
        raw = bytes(_cp1252_byte(char) for char in garbled)
        return raw.decode("utf-8")
    except (UnicodeDecodeError, ValueError):
        return garbled


def _cp1252_byte(char: str) -> int:
    try:
        return char.encode("cp1252")[0]
    except UnicodeEncodeError:
        return char.encode("latin-1")[0]


# --- normalisation --------------------------------------------------------------------------------

# Invisible characters that only break words apart: soft hyphen, zero-width space, word joiner, BOM.
_INVISIBLE = "\u00ad\u200b\u2060\ufeff"
# Control characters other than tab and newline carry no text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Horizontal space other than the plain space.
_OTHER_SPACE = r"\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# A run of horizontal space that is not one plain space already: a space with more after it, or another space
# character and what follows it. The single spaces between words are left alone instead of replaced by themselves,
# and the pattern starts with a character class, which is searched for in C.
_HORIZONTAL_SPACE = re.compile(
    rf"[ {_OTHER_SPACE}](?:(?<= )[ {_OTHER_SPACE}]+|(?<=[{_OTHER_SPACE}])[ {_OTHER_SPACE}]*)"
)
# A lone surrogate is no character: JSON's "\ud800" escape makes one, and no database or log can encode it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def normalise_text(text: str, unescape_entities: bool = True) -> str:
    """NFC text with repaired mojibake, no invisible characters, one space between words,
    no spaces around line ends and Unix line breaks; a lone surrogate becomes U+FFFD."""
    # Steps that only touch characters beyond ASCII are skipped for ASCII text, as most wire copy is.
    if not text.isascii():
        text = _LONE_SURROGATE.sub("\ufffd", text)
    if unescape_entities and "&" in text:
        # Only complete entities ("&amp;", "&#8217;"): a bare "AT&T" stays as written.
        text = _ENTITY.sub(lambda match: html.unescape(match.group(0)), text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():  # an entity may have brought in what these steps are for
        text = text.replace("\u2028", "\n").replace("\u2029", "\n")
        text = _without_invisible(text)
        text = repair_mojibake(text)
    text = _CONTROL.sub("", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    text = _HORIZONTAL_SPACE.sub(" ", text)
    return "\n".join(line.strip() for line in text.split("\n"))


def _without_invisible(text: str) -> str:
    # One search per character: str.translate would look every character of a non-ASCII text up in a table.
    for char in _INVISIBLE:
        text = text.replace(char, "")
    return text


def same_words(left: str, right: str) -> bool:
    """True when two strings have the same words, ignoring case, spacing and punctuation
    (a headline repeated as the first line of the body)."""
    return _word_characters(left) == _word_characters(right)


def _word_characters(text: str) -> str:
    return re.sub(r"\W+", "", text).lower()
