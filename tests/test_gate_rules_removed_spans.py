"""The removed_spans and document_cleaning suites (both on the removed_spans asset): cases for the span rules
(run by tests/test_gate_rules.py), text left uncovered, and the WARN rule, recorded and never blocking."""

import pytest

from tests import gate_world as w

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

COOKIE, HYPHEN, PAGE, RELATED = range(4)


def _span(index: int, **changes):
    def change(rows):
        rows["removed_spans"][index].update(changes)
    return change


def _add_span(text: str, reason: str = "caption"):
    def change(rows):
        s, e = w.at(text)
        rows["removed_spans"].append({"doc_id": w.DOC, "char_start": s, "char_end": e, "reason": reason, "text": text})
    return change


def _past_the_end(rows):
    span = rows["removed_spans"][RELATED]
    span["char_end"] = len(w.SOURCE) + 4
    span["text"] = w.SOURCE[span["char_start"]:]  # what substr returns: only the span's place is wrong


SPAN_CASES = [
    ("reason_unknown", _span(COOKIE, reason="boilerplate"), {"removed_reason_in_vocabulary"}),
    ("reason_missing", _span(COOKIE, reason=None), {"removed_reason_present"}),
    ("document_missing", _span(PAGE, doc_id="nope"), {"removed_span_inside_document"}),
    ("span_past_the_end", _past_the_end, {"removed_span_inside_document"}),
    ("empty_span", _span(HYPHEN, char_end=w.at("em-")[1] - 1, text=""), {"removed_span_inside_document"}),
    ("text_not_the_source", _span(RELATED, text="Related: a story that is not there"),
     {"removed_text_matches_source"}),
    ("removes_a_kept_figure", _add_span("about 600"), {"removed_span_not_kept"}),
    ("removes_a_whole_kept_paragraph", _add_span(w.P2, "duplicate_paragraph"), {"removed_span_not_kept"}),
]


def _drop(table: str, index: int):
    def change(rows):
        del rows[table][index]
    return change


def _document(index: int, **changes):
    def change(rows):
        rows["documents"][index].update(changes)
    return change


def _shorten_last_paragraph(rows):
    p = rows["paragraphs"][2]
    p["text"] = p["text"][:-1]
    p["char_end"] -= 1
    p["pieces"][0]["length"] -= 1


def _nothing_kept(rows):
    for table in ("paragraphs", "metadata_spans", "removed_spans"):
        rows[table] = []


def nonblank(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


COVERAGE_CASES = [
    ("dropped_hyphen_not_recorded", _drop("removed_spans", HYPHEN), "-", 1),
    ("byline_neither_kept_nor_removed", _drop("metadata_spans", 1), w.BYLINE, nonblank(w.BYLINE)),
    ("cookie_line_vanished", _drop("removed_spans", COOKIE), w.COOKIE, nonblank(w.COOKIE)),
    ("paragraph_end_lost", _shorten_last_paragraph, ".", 1),
    ("text_after_the_last_span", _document(0, source_text=w.SOURCE + "Subscribe for more harbour news\n"),
     "Subscribe for more harbour news", nonblank("Subscribe for more harbour news")),
    ("nothing_accounted_for", _nothing_kept, w.COOKIE, nonblank(w.SOURCE)),
]


def test_offending_span_names_the_kept_paragraph():
    rows = w.world()
    _add_span("about 600")(rows)
    found = next(o for o in w.outcomes(rows, "removed_spans") if o.rule == "removed_span_not_kept")
    assert found.sample[0]["kept_paragraph"] == f"{w.DOC}:0:0" and found.sample[0]["text"] == "about 600"


@pytest.mark.parametrize(("change", "first_lost", "lost_chars"), [c[1:] for c in COVERAGE_CASES],
                         ids=[c[0] for c in COVERAGE_CASES])
def test_uncovered_text_fails_nothing_lost(change, first_lost, lost_chars):
    rows = w.world()
    change(rows)
    outcomes = w.outcomes(rows, "document_cleaning")
    assert {o.rule for o in outcomes if not o.success} == {"document_nothing_lost"}
    found = next(o for o in outcomes if o.rule == "document_nothing_lost")
    assert found.severity == "error" and found.unexpected_count == 1
    row = found.sample[0]
    assert row["doc_id"] == w.DOC and row["first_lost_text"] == first_lost and row["lost_chars"] == lost_chars
    assert rows["documents"][0]["source_text"][row["first_lost_at"]:].startswith(first_lost)


def _blank_tail(rows):
    rows["documents"][0]["source_text"] = w.SOURCE + "\u00a0\t \u2003\u2029\x0b\x1c\x85\n\n"


def _overlapping_spans(rows):
    s = w.at(w.BYLINE)[0]
    rows["removed_spans"].append({"doc_id": w.DOC, "char_start": s - 2, "char_end": s + 5, "reason": "masthead",
                                  "text": w.SOURCE[s - 2:s + 5]})


def _blank_separator(rows):
    end = w.at(w.P1_A)[0]
    start = w.at(w.P0)[1]
    rows["removed_spans"].append({"doc_id": w.DOC, "char_start": start, "char_end": end, "reason": "separator",
                                  "text": w.SOURCE[start:end]})


FINE = [
    ("only_blanks_uncovered", _blank_tail),
    ("spans_overlap_each_other", _overlapping_spans),
    ("quarantined_document_is_not_accounted", _document(1, source_text="Binary junk, never cleaned")),
    ("span_touching_paragraphs_on_both_sides", _blank_separator),
]


@pytest.mark.parametrize("change", [c[1] for c in FINE], ids=[c[0] for c in FINE])
def test_good_variants_pass(change):
    rows = w.world()
    change(rows)
    assert w.failing(rows, "document_cleaning") == set()
    assert w.failing(rows, "removed_spans") == set()


def test_quarantined_document_without_reason_fails_after_cleaning():
    rows = w.world()
    _document(1, quarantine_reason=None)(rows)
    assert w.failing(rows, "document_cleaning") == {"cleaned_document_kept_or_quarantined"}


def test_mostly_removed_document_only_warns():
    rows = w.world()
    _document(0, removed_fraction=0.8)(rows)
    outcomes = w.outcomes(rows, "document_cleaning")
    failed = [o for o in outcomes if not o.success]
    assert [(o.rule, o.severity, o.unexpected_count) for o in failed] == [("document_mostly_kept", "warn", 1)]
    assert failed[0].sample[0]["removed_fraction"] == 0.8


def drop_a_removed_span(rows):
    """Cleaning 'forgets' to record one span it removed: its characters are lost."""
    index = next(i for i, r in enumerate(rows["removed_spans"]) if r["text"].strip())
    del rows["removed_spans"][index]


def test_quarantined_document_does_not_warn_as_mostly_removed():
    rows = w.world()
    _document(1, removed_fraction=1.0)(rows)
    assert w.failing(rows, "document_cleaning") == set()
