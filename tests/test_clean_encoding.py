"""Decoding and normalisation: any common encoding becomes the same clean Unicode text."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.clean import clean_article
from flows.records import ArticleError
from flows.scan import discover, read_article_bytes

ACCENTED = "Le café “Chez Zoë” rouvre à Québec — l’été sera long, dit-elle."


def _clean_file(tmp_path: Path, name: str, data: bytes):
    """Write a real file, then read and clean it the way the pipeline does."""
    (tmp_path / name).write_bytes(data)
    files, _ = discover(tmp_path)
    return clean_article(read_article_bytes(files[0], 1_000_000), files[0].source_key, Path(name).suffix)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_text_in_any_common_encoding_reads_the_same(tmp_path, encoding):
    article = _clean_file(tmp_path, "a.txt", f"Café news\n{ACCENTED}\n".encode(encoding))
    assert article.meta.title == "Café news"
    assert article.text == ACCENTED


def test_latin1_text_keeps_its_accents(tmp_path):
    text = "Zürich: Frühling in Genève\nDie Bürger von Zürich und Genève feiern; «schön», sagt José Núñez.\n"
    article = _clean_file(tmp_path, "a.txt", text.encode("latin-1"))
    assert article.meta.title == "Zürich: Frühling in Genève"
    assert article.text == "Die Bürger von Zürich und Genève feiern; «schön», sagt José Núñez."


def test_cp1252_curly_quotes_stay_curly_and_straight_quotes_stay_straight(tmp_path):
    text = "Title\n‘Oui,’ he said. 'It’s done,' she said, \"finally\".\n"
    article = _clean_file(tmp_path, "a.txt", text.encode("cp1252"))
    assert article.text == "‘Oui,’ he said. 'It’s done,' she said, \"finally\"."


def test_mojibake_is_repaired(tmp_path):
    garbled = "Title\nThe cafÃ© in MontrÃ©al said itâ€™s â€œopenâ€\x9d again â€” at 9Â\u00a0am.\n"
    article = _clean_file(tmp_path, "a.txt", garbled.encode("utf-8"))
    assert article.text == "The café in Montréal said it’s “open” again — at 9 am."


def test_legitimate_accented_capitals_are_not_taken_for_mojibake(tmp_path):
    article = _clean_file(tmp_path, "a.txt", "Title\nÉLYSÉE “CAFÉ” and ÂGE are fine.\n".encode())
    assert article.text == "ÉLYSÉE “CAFÉ” and ÂGE are fine."


def test_html_entities_soft_hyphens_and_odd_spaces_are_normalised(tmp_path):
    text = "Title\nAT&T and Barnes &amp; Noble\u00a0said it&#8217;s a   well\u00adknown\u200b fact.\r\nSecond  line.\t\n"
    article = _clean_file(tmp_path, "a.txt", text.encode())
    assert article.text == "AT&T and Barnes & Noble said it’s a wellknown fact.\nSecond line."


def test_decomposed_accents_become_composed(tmp_path):
    article = _clean_file(tmp_path, "a.txt", "Title\nCafe\u0301 in Zu\u0308rich\n".encode())
    assert article.text == "Caf\u00e9 in Z\u00fcrich"


def test_html_declared_charset_is_honoured(tmp_path):
    page = (
        '<html><head><meta charset="windows-1252"><title>Caf\xe9</title></head><body><article>'
        "<p>\x93Caf\xe9 prices went up,\x94 said the owner, who runs the caf\xe9 in Zurich, Geneva and Bern.</p>"
        "</article></body></html>"
    ).encode("latin-1")
    article = _clean_file(tmp_path, "a.html", page)
    assert article.text == "“Café prices went up,” said the owner, who runs the café in Zurich, Geneva and Bern."


def test_undecodable_bytes_never_crash(tmp_path):
    # cp1252 leaves 0x81 undefined: such a file still reads (as Latin-1) instead of crashing.
    article = _clean_file(tmp_path, "a.txt", b"Title\nPrices in Z\xfcrich rose\x81 sharply.\n")
    assert article.text == "Prices in Zürich rose sharply."


def test_cyrillic_in_a_legacy_code_page_is_detected(tmp_path):
    text = "Новости\nПереговоры в Стамбуле продолжатся в понедельник, заявили в Кремле. " * 3
    article = _clean_file(tmp_path, "a.txt", text.encode("cp1251"))
    assert "Переговоры в Стамбуле" in article.text


def test_a_file_that_is_only_a_title_has_no_body(tmp_path):
    with pytest.raises(ArticleError, match="no article text") as error:
        _clean_file(tmp_path, "a.txt", b"Just a headline\n")
    assert error.value.stage == "clean"
