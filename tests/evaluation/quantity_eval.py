"""Score `find_quantities` against the MEANTIME VALUE spans (MONEY, PERCENT, QUANTITY).

    python -m tests.evaluation.quantity_eval /path/to/meantime [--limit N] [--errors]

Prints relaxed span F1 (any overlap) and strict span F1 (same extent). Only the annotated part of each article
(title and first body sentences) is scored; quantities inside a gold TIMEX3 (durations) are left to timex_eval.
"""

from __future__ import annotations

from flows.extract.quantities import find_quantities
from tests.evaluation.corpora import GoldDocument, in_regions
from tests.evaluation.scoring import SpanScores, corpus_main


def score_documents(documents: list[GoldDocument], errors: list[str] | None = None) -> SpanScores:
    scores = SpanScores()
    for document in documents:
        # MEANTIME annotates durations ("four years") as TIMEX3, not VALUE: those are scored by timex_eval
        timex_spans = [(t.start, t.end) for t in document.timexes]
        predicted = [(q.start, q.end, "") for q in find_quantities(document.text)
                     if in_regions(q.start, document.regions)
                     and not any(start < q.end and q.start < end for start, end in timex_spans)]
        gold = [(g.start, g.end, "") for g in document.values]
        scores.add(predicted, gold)
        if errors is not None:
            errors.extend(_differences(document, predicted, gold))
    return scores


def _differences(document: GoldDocument, predicted: list[tuple[int, int, str]],
                 gold: list[tuple[int, int, str]]) -> list[str]:
    text = document.text
    lines = []
    for start, end, _ in gold:
        overlapping = [p for p in predicted if p[0] < end and start < p[1]]
        if not overlapping:
            lines.append(f"MISS   {document.name} {text[max(0, start - 30):start]!r} [{text[start:end]}]")
        elif all(p[:2] != (start, end) for p in overlapping):
            lines.append(f"EXTENT {document.name} gold={text[start:end]!r} "
                         f"got={[text[p[0]:p[1]] for p in overlapping]}")
    for start, end, _ in predicted:
        if not any(g[0] < end and start < g[1] for g in gold):
            lines.append(f"EXTRA  {document.name} {text[max(0, start - 30):start]!r} [{text[start:end]}] "
                         f"{text[end:end + 20]!r}")
    return lines


def main(argv: list[str] | None = None) -> int:
    return corpus_main(argv, __doc__, score_documents, [("quantity relaxed span", "relaxed"), ("quantity strict span", "strict")],
                       missing='no MEANTIME documents with VALUE spans under', errors_help='print misses, extent differences and extra spans')


if __name__ == "__main__":
    raise SystemExit(main())
