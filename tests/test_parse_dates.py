"""Publication date: flag, the file's own metadata, the file name, or inference from the text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from flows.clean import clean_article
from flows.parse import parse_article
from flows.records import ArticleMeta, CleanArticle

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_f4a7255485200af2.txt"
TODAY = date(2026, 11, 24)


def _article(text: str, source_key: str = "article.txt", meta: ArticleMeta | None = None) -> CleanArticle:
    return CleanArticle(source_key=source_key, text=text, meta=meta or ArticleMeta(), content_sha256="0" * 64, format="txt")


def _seed() -> CleanArticle:
    return clean_article(SEED.read_bytes(), SEED.name, ".txt")


def test_seed_date_is_inferred_from_weekday_and_date():
    meta = parse_article(_seed(), today=TODAY).article.meta
    assert meta.published == date(2025, 5, 28)
    assert meta.published_source == "inferred"
    # The year agrees with "began in February 2022" + "three-year conflict", and the runner-up
    # year with a Wednesday on 28 May is 2014: the inference is sure.
    assert meta.published_confidence >= 0.9


def test_seed_date_does_not_depend_on_the_day_of_the_run():
    assert parse_article(_seed()).published == date(2025, 5, 28)


def test_flag_overrides_everything():
    article = _article("Ministers met on Wednesday, May 28.", meta=ArticleMeta(published=date(2020, 1, 1), published_source="front-matter"))
    meta = parse_article(article, published=date(2025, 6, 1), today=TODAY).article.meta
    assert (meta.published, meta.published_source, meta.published_confidence) == (date(2025, 6, 1), "flag", 1.0)


def test_a_date_from_the_file_itself_is_kept():
    article = _article("Ministers met on Wednesday, May 28.", meta=ArticleMeta(published=date(2024, 2, 2), published_source="html-meta", published_confidence=1.0))
    meta = parse_article(article, today=TODAY).article.meta
    assert (meta.published, meta.published_source) == (date(2024, 2, 2), "html-meta")


def test_a_date_in_the_file_name_beats_inference():
    article = _article("Ministers met on Wednesday, May 28.", source_key="2024/2024-02-02-talks.txt")
    meta = parse_article(article, today=TODAY).article.meta
    assert (meta.published, meta.published_source) == (date(2024, 2, 2), "filename")


def test_a_hex_hash_in_the_file_name_is_not_a_date():
    meta = parse_article(_article("No date here.", source_key="000_f4a7255485200af2.txt"), today=TODAY).article.meta
    assert meta.published is None


def test_unknown_date_stays_unknown_never_today():
    meta = parse_article(_article("Ministers met on Wednesday to discuss the budget."), today=TODAY).article.meta
    assert (meta.published, meta.published_source, meta.published_confidence) == (None, None, None)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("Talks resumed on Wednesday, May 28, in Istanbul.", TODAY, date(2025, 5, 28)),
        ("Talks resumed on Wednesday, May 28, in Istanbul.", date(2025, 5, 27), date(2014, 5, 28)),
        ("The vote was held on Tuesday, Nov. 5.", TODAY, date(2024, 11, 5)),
        ("Markets fell on Friday 13 March after the news.", TODAY, date(2026, 3, 13)),
        ("It happened on Thursday, February 29.", TODAY, date(2024, 2, 29)),
    ],
    ids=["seed-style", "before-2025-the-previous-match", "abbreviated-month", "day-before-month", "leap-day"],
)
def test_weekday_and_date_fix_the_latest_fitting_year(text, today, expected):
    assert parse_article(_article(text), today=today).published == expected


def test_full_date_in_the_text_is_used_with_its_year():
    meta = parse_article(_article("The ministry said on Monday, June 2, 2025, that talks would go on."), today=TODAY).article.meta
    assert (meta.published, meta.published_source) == (date(2025, 6, 2), "inferred")


def test_confidence_is_lower_when_close_years_also_fit_and_nothing_agrees():
    # 28 May was a Wednesday in 2025 and 2014 (11 years apart); 5 November a Tuesday in 2024 and 2019 (5 apart).
    far = parse_article(_article("Talks resumed on Wednesday, May 28."), today=TODAY).article.meta
    close = parse_article(_article("The vote was held on Tuesday, Nov. 5."), today=TODAY).article.meta
    assert close.published_confidence < far.published_confidence < 0.9


def test_confidence_drops_when_the_text_mentions_a_later_year():
    plain = parse_article(_article("Talks resumed on Wednesday, May 28."), today=date(2025, 5, 27)).article.meta
    contradicted = parse_article(
        _article("Talks resumed on Wednesday, May 28. The war began in February 2022."), today=date(2025, 5, 27)
    ).article.meta
    assert contradicted.published == date(2014, 5, 28)
    assert contradicted.published_confidence < plain.published_confidence


def test_confidence_drops_when_the_text_only_mentions_much_earlier_years():
    recent = parse_article(_article("Talks resumed on Wednesday, May 28. They began in 2024."), today=TODAY).article.meta
    stale = parse_article(_article("Talks resumed on Wednesday, May 28. They began in 2009."), today=TODAY).article.meta
    assert recent.published == stale.published == date(2025, 5, 28)
    assert stale.published_confidence < recent.published_confidence


def test_future_years_do_not_count_against_the_inferred_year():
    plain = parse_article(_article("Talks resumed on Wednesday, May 28."), today=TODAY).article.meta
    plans = parse_article(_article("Talks resumed on Wednesday, May 28. A deal is due by 2030."), today=TODAY).article.meta
    assert plans.published_confidence >= plain.published_confidence
