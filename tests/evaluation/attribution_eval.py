"""Attribution quality on PolNeAR (brat standoff: Source, Cue, Content spans over the article .txt).

    python -m tests.evaluation.attribution_eval /path/to/polnear [--split dev] [--half tune|test] [--limit N] [--errors N]

Every article belongs to a fixed half, "tune" or "test", by the SHA-1 of its name: rules are looked at and tuned
on the tune half's errors, and the table shows both halves so that what carries over to unseen text is visible.

Scoring (word tokens = runs of letters/digits, so punctuation and quote marks do not count):
- A predicted content p *supports* a gold content g when at least half of p's words lie in g.
- g is *found* when the predictions supporting it together cover at least half of g's words (a quote interrupted
  by "he said" may come back as two predictions). A prediction is correct when it supports a found gold content.
- Rows: "direct quotes" compares our direct quotes with gold contents that are at least half inside double quote
  marks (a direct quote that supports a paraphrase content is neither right nor wrong there);
  "all attributions" compares everything we predict with every gold content (PolNeAR also marks beliefs,
  intentions and reports without speech verbs, so its recall is bounded well below 1 for a speech-cue method).
- Source accuracy, over found gold contents that have a Source: the speaker of the prediction covering most of
  the content is right when its span overlaps the gold Source span, or when it and the gold Source share a name
  word (coreference by name: gold "Trump" vs our "Donald Trump" elsewhere in the sentence; a gold pronoun source
  counts only through the span rule, since the corpus ships no coreference).
The corpus is research-use only: it is read from its folder, never copied.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from flows.extract.entities import find_entities
from flows.extract.names import TITLE_WORDS
from flows.extract.quotes import find_quotes
from flows.records import ArticleMeta, CleanArticle, ParsedArticle, Quote
from tests.evaluation.corpus_paths import half_of

WORD = re.compile(r"\w+")
# double quote marks, curly, straight or typewriter (two apostrophes, as the corpus's NYT copy writes them)
QUOTED = re.compile(r"(?:“|\"|'')(?:(?!”|\"|'').)+(?:”|\"|'')", re.S)


@dataclass
class GoldAttribution:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]]
    content_text: str
    source_text: str

    @property
    def is_direct(self) -> bool:
        quoted = sum(len(match.group()) for match in QUOTED.finditer(self.content_text))
        return quoted >= 0.5 * len(self.content_text)


@dataclass
class GoldArticle:
    name: str
    text: str
    attributions: list[GoldAttribution]


@dataclass
class RowCounts:
    predicted: int = 0
    correct_predictions: int = 0
    gold: int = 0
    found: int = 0
    sourced: int = 0
    source_right: int = 0

    def add(self, other: RowCounts) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        return self.correct_predictions / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def source_accuracy(self) -> float:
        return self.source_right / self.sourced if self.sourced else 0.0


@dataclass
class Scores:
    direct: RowCounts = field(default_factory=RowCounts)
    everything: RowCounts = field(default_factory=RowCounts)
    # the same rows for each half of the split ("tune", "test")
    halves: dict[str, tuple[RowCounts, RowCounts]] = field(default_factory=dict)
    articles: int = 0
    words: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def load_split(root: Path, split: str, limit: int | None = None, half: str = "all") -> list[GoldArticle]:
    """Articles of one split (and `half` of it) with one annotator's file each (the first by name when several
    annotated it)."""
    articles: list[GoldArticle] = []
    text_dir, ann_dir = root / split / "text", root / split / "attributions"
    for text_path in sorted(text_dir.glob("*.txt"))[:limit]:
        if half not in ("all", half_of(text_path.stem)):
            continue
        annotations = sorted(ann_dir.glob(f"{text_path.stem}_*.ann"))
        if not annotations:
            continue
        text = text_path.read_text(encoding="utf-8")
        articles.append(GoldArticle(text_path.stem, text, _read_ann(annotations[0], text)))
    return articles


def _read_ann(path: Path, text: str) -> list[GoldAttribution]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            pieces = [tuple(int(number) for number in piece.split()) for piece in offsets.split(";")]
            spans[parts[0]] = (label, [(piece[0], piece[1]) for piece in pieces if len(piece) == 2])
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    attributions: list[GoldAttribution] = []
    for relation in relations:
        content = spans.get(relation.get("Content", ""), ("", []))[1]
        source = spans.get(relation.get("Source", ""), ("", []))[1]
        if content:
            attributions.append(
                GoldAttribution(
                    content,
                    source,
                    " ".join(text[start:end] for start, end in content),
                    " ".join(text[start:end] for start, end in source),
                )
            )
    return attributions


def _words(text: str, spans: list[tuple[int, int]]) -> set[int]:
    return {
        match.start() for start, end in spans for match in WORD.finditer(text, start, end)
    }


def score_article(
    text: str,
    gold: list[GoldAttribution],
    predicted: list[Quote],
    errors: list[str] | None = None,
    label: str = "",
) -> RowCounts:
    """Counts for one article; `errors`, when given, collects one line per miss, false alarm or wrong source."""
    counts = RowCounts(predicted=len(predicted), gold=len(gold))
    predicted_words = [_words(text, [(quote.start, quote.end)]) for quote in predicted]
    correct: set[int] = set()
    supported_anything: set[int] = set()
    for attribution in gold:
        gold_words = _words(text, attribution.content)
        if not gold_words:
            counts.gold -= 1
            continue
        supporters = [
            index
            for index, words in enumerate(predicted_words)
            if words and len(words & gold_words) >= 0.5 * len(words)
        ]
        supported_anything.update(supporters)
        covered = set().union(*(predicted_words[index] for index in supporters)) & gold_words
        if len(covered) < 0.5 * len(gold_words):
            if errors is not None:
                errors.append(f"{label}MISS   {attribution.source_text!r} :: {attribution.content_text[:120]!r}")
            continue
        counts.found += 1
        correct.update(supporters)
        if attribution.source:
            counts.sourced += 1
            best = max(supporters, key=lambda index: len(predicted_words[index] & gold_words))
            if _source_right(text, predicted[best], attribution):
                counts.source_right += 1
            elif errors is not None:
                errors.append(
                    f"{label}SOURCE gold {attribution.source_text!r} got {predicted[best].speaker_text!r}"
                    f" ({predicted[best].speaker}) :: {attribution.content_text[:80]!r}"
                )
    counts.correct_predictions = len(correct)
    if errors is not None:
        for index, quote in enumerate(predicted):
            if index not in correct and index not in supported_anything:
                errors.append(f"{label}FALSE  {quote.speaker_text!r} {quote.cue!r} :: {quote.text[:120]!r}")
    return counts


def _source_right(text: str, quote: Quote, gold: GoldAttribution) -> bool:
    if quote.speaker_start is not None and quote.speaker_end is not None:
        if any(start < quote.speaker_end and quote.speaker_start < end for start, end in gold.source):
            return True
    predicted_names = _name_words(f"{quote.speaker or ''} {quote.speaker_text or ''}")
    return bool(predicted_names & _name_words(gold.source_text))


def _name_words(phrase: str) -> set[str]:
    return {
        word.lower()
        for word in WORD.findall(phrase)
        if word[0].isupper() and len(word) >= 3 and word.lower() not in TITLE_WORDS and word.lower() != "the"
    }


def evaluate(
    root: Path, split: str, limit: int | None = None, keep_errors: bool = False, half: str = "all"
) -> Scores:
    scores = Scores()
    for article in load_split(root, split, limit, half):
        parsed = ParsedArticle(CleanArticle(article.name, article.text, ArticleMeta(), "", "txt"), [], [], [])
        began = time.perf_counter()
        predicted = find_quotes(parsed, find_entities(parsed))
        scores.seconds += time.perf_counter() - began
        scores.words += len(article.text.split())
        scores.articles += 1
        errors = scores.errors if keep_errors else None
        direct_gold = [attribution for attribution in article.attributions if attribution.is_direct]
        direct_predicted = [quote for quote in predicted if quote.direct]
        direct = score_article(article.text, direct_gold, direct_predicted, errors, f"[direct {article.name}] ")
        # a direct quote that supports a paraphrase content is not a false alarm for the quote row
        paraphrase = [attribution for attribution in article.attributions if not attribution.is_direct]
        neutral = score_article(article.text, paraphrase, direct_predicted).correct_predictions
        direct.predicted -= min(neutral, direct.predicted - direct.correct_predictions)
        everything = score_article(article.text, article.attributions, predicted, errors, f"[all {article.name}] ")
        scores.direct.add(direct)
        scores.everything.add(everything)
        half_direct, half_everything = scores.halves.setdefault(half_of(article.name), (RowCounts(), RowCounts()))
        half_direct.add(direct)
        half_everything.add(everything)
    return scores


def format_table(scores: Scores, split: str) -> str:
    lines = [
        f"PolNeAR {split}: {scores.articles} articles, {scores.words} words",
        f"{'row':<18}{'gold':>7}{'pred':>7}{'P':>8}{'R':>8}{'F1':>8}{'source acc':>12}",
    ]
    rows = [("direct quotes", scores.direct), ("all attributions", scores.everything)]
    for half, (direct, everything) in sorted(scores.halves.items(), reverse=True):
        rows += [(f"  {half} direct", direct), (f"  {half} all", everything)]
    for label, row in rows:
        lines.append(
            f"{label:<18}{row.gold:>7}{row.predicted:>7}{row.precision:>8.3f}{row.recall:>8.3f}{row.f1:>8.3f}"
            f"{row.source_accuracy:>12.3f}"
        )
    lines.append(f"speed: {scores.words_per_second:,.0f} words/s (find_entities + find_quotes)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path, help="the PolNeAR folder (with train/ and dev/)")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--half", choices=["tune", "test", "all"], default="all", help="score one half only")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--errors", type=int, default=0, help="print the first N error lines")
    args = parser.parse_args(argv)
    if not (args.root / args.split / "text").is_dir():
        print(f"no {args.split}/text folder under {args.root}", file=sys.stderr)
        return 2
    scores = evaluate(args.root, args.split, args.limit, keep_errors=args.errors > 0, half=args.half)
    print(format_table(scores, args.split))
    for line in scores.errors[: args.errors]:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
