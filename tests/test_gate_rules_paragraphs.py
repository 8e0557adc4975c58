"""The paragraphs suite's cases (run by tests/test_gate_rules.py) and what its offending rows say."""


import pytest

from tests import gate_world as w

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

JOINED = 1  # the paragraph made of two pieces, across a page header and a dropped hyphen


def _paragraph(index: int, **changes):
    def change(rows):
        rows["paragraphs"][index].update(changes)
    return change


def _piece(index: int, piece: int, **changes):
    def change(rows):
        rows["paragraphs"][index]["pieces"][piece].update(changes)
    return change


def _duplicate_id(rows):
    rows["paragraphs"][2]["paragraph_id"] = rows["paragraphs"][0]["paragraph_id"]


def _kept_again(rows):
    """A fourth paragraph made of the first words of P2, which the third paragraph already keeps."""
    start = w.at(w.P2)[0]
    text = w.P2[:20]
    paras = rows["paragraphs"]
    paras.append(dict(paras[-1], paragraph_id=f"{w.DOC}:0:3", ordinal=3, text=text, char_start=start,
                      char_end=start + 20, pieces=[{"text_start": 0, "src_start": start, "length": 20}]))


def _typo(rows):
    p = rows["paragraphs"][0]
    p["text"] = p["text"].replace("ships", "shops", 1)


CASES = [
    ("duplicate_id", _duplicate_id, {"paragraph_id_unique"}),
    ("kind_unknown", _paragraph(0, kind="caption"), {"paragraph_kind_known"}),
    ("kind_missing", _paragraph(0, kind=None), {"paragraph_kind_known"}),
    ("article_missing", _paragraph(0, article_id="nope:0"), {"paragraph_article_exists"}),
    ("no_pieces", _paragraph(2, pieces=[]), {"paragraph_has_pieces"}),
    ("piece_past_the_end", _piece(2, 0, src_start=len(w.SOURCE) - 5), {"paragraph_pieces_inside_document"}),
    ("piece_before_the_start", _piece(2, 0, src_start=-3), {"paragraph_pieces_inside_document"}),
    ("document_missing", _paragraph(2, doc_id="nope"), {"paragraph_pieces_inside_document"}),
    ("text_not_the_source", _typo, {"paragraph_pieces_match_source"}),
    ("piece_shifted", _piece(0, 0, src_start=w.at(w.P0)[0] + 1), {"paragraph_pieces_match_source"}),
    ("second_piece_misplaced", _piece(JOINED, 1, text_start=3), {"paragraph_pieces_match_source"}),
    ("source_kept_twice", _kept_again, {"paragraph_source_kept_once"}),
]


def test_offending_rows_show_where_source_text_is_kept_again():
    rows = w.world()
    _kept_again(rows)
    found = next(o for o in w.outcomes(rows, "paragraphs") if o.rule == "paragraph_source_kept_once")
    assert found.sample[0]["kept_twice_at"] == w.at(w.P2)[0] and found.failures == {
        w.DOC: [f"article 0 paragraph 3 keeps again the source text at {w.at(w.P2)[0]}"]}


def test_offending_rows_show_the_piece_that_differs():
    rows = w.world()
    _typo(rows)
    found = next(o for o in w.outcomes(rows, "paragraphs") if o.rule == "paragraph_pieces_match_source")
    assert "shops" in found.sample[0]["first_mismatch"]


def one_letter_changed(rows):
    """A kept paragraph's text no longer equals the source at its piece."""
    p = rows["paragraphs"][0]
    p["text"] = ("X" if p["text"][:1] != "X" else "Y") + p["text"][1:]
