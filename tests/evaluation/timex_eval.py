"""Score `find_timexes` against TIMEX3 gold: TimeML corpora (TimeBank, AQUAINT) or MEANTIME.

    python -m tests.evaluation.timex_eval /path/to/corpus [--limit N] [--errors]

Prints relaxed span F1 (any overlap), strict span F1 and value F1 (overlap and equal value), counted as the
TempEval-3 scorer counts them: one-to-one alignment, precision over all predictions, recall over all gold.
"""

from __future__ import annotations

from flows.extract.timexes import find_timexes
from tests.evaluation.corpora import GoldDocument, in_regions
from tests.evaluation.scoring import SpanScores, corpus_main


def score_documents(documents: list[GoldDocument], errors: list[str] | None = None) -> SpanScores:
    scores = SpanScores()
    for document in documents:
        predicted = [(t.start, t.end, t.value) for t in find_timexes(document.text, document.anchor)
                     if in_regions(t.start, document.regions)]
        gold = [(g.start, g.end, g.label) for g in document.timexes]
        scores.add(predicted, gold)
        if errors is not None:
            errors.extend(_differences(document, predicted, gold))
    return scores


def _differences(document: GoldDocument, predicted: list[tuple[int, int, str]],
                 gold: list[tuple[int, int, str]]) -> list[str]:
    text = document.text
    lines = []
    for start, end, value in gold:
        match = [p for p in predicted if p[0] < end and start < p[1]]
        if not match:
            lines.append(f"MISS  {document.name} {text[start:end]!r} {value}")
        elif all(p[2] != value for p in match):
            lines.append(f"VALUE {document.name} {text[start:end]!r} gold={value} "
                         f"got={[(text[p[0]:p[1]], p[2]) for p in match]} dct={document.anchor}")
    for start, end, value in predicted:
        if not any(g[0] < end and start < g[1] for g in gold):
            lines.append(f"EXTRA {document.name} {text[start:end]!r} {value}")
    return lines


def main(argv: list[str] | None = None) -> int:
    return corpus_main(argv, __doc__, score_documents, [("timex relaxed span", "relaxed"), ("timex strict span", "strict"), ("timex value", "label")],
                       missing='no TimeML or MEANTIME documents under', errors_help='print misses, wrong values and extra spans')


if __name__ == "__main__":
    raise SystemExit(main())
