"""The metadata_spans suite's cases (run by tests/test_gate_rules.py) and what its offending rows say."""


import pytest

from tests import gate_world as w

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

TITLE, BYLINE = 0, 1


def _span(index: int, **changes):
    def change(rows):
        rows["metadata_spans"][index].update(changes)
    return change


def _over(text: str, field: str = "note"):
    """Add a metadata span over `text` of the source."""
    def change(rows):
        s, e = w.at(text)
        rows["metadata_spans"].append({"doc_id": w.DOC, "article_id": f"{w.DOC}:0", "field": field,
                                       "char_start": s, "char_end": e, "text": text})
    return change


CASES = [
    ("field_unknown", _span(BYLINE, field="author"), {"metadata_field_known"}),
    ("field_missing", _span(BYLINE, field=None), {"metadata_field_known"}),
    ("article_missing", _span(TITLE, article_id="nope:0"), {"metadata_article_exists"}),
    ("document_missing", _span(TITLE, doc_id="nope"), {"metadata_span_inside_document"}),
    ("span_past_the_end", _span(TITLE, char_start=len(w.SOURCE) - 1, char_end=len(w.SOURCE) + 5, text="\n"),
     {"metadata_span_inside_document"}),
    ("text_not_the_source", _span(TITLE, text="Harbour traffic halves"), {"metadata_text_matches_source"}),
    ("kept_paragraph_as_note", _over(w.P2), {"metadata_span_not_kept"}),
    ("removed_page_header_as_note", _over(w.PAGE), {"metadata_span_not_removed"}),
]


def test_offending_rows_name_what_the_span_overlaps():
    rows = w.world()
    _over(w.P2)(rows)
    _over(w.PAGE)(rows)
    found = {o.rule: o.sample[0] for o in w.outcomes(rows, "metadata_spans") if not o.success}
    s, e = w.at(w.PAGE)
    assert found["metadata_span_not_kept"]["kept_paragraph"] == f"{w.DOC}:0:2"
    assert found["metadata_span_not_removed"]["removed_span"] == f"page_header_footer {s}-{e}"


def unknown_field(rows):
    """The first metadata span gets a field cleaning does not know."""
    rows["metadata_spans"][0]["field"] = "headline"
