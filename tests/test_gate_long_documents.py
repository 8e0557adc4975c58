"""The audit SQL on long texts (over 16,000 characters), which it reads by 200-character chunks and sweeps
instead of substr and joins: the same rules fail on the same broken rows, naming the same rows, as on short ones.

The hand-written world of tests/gate_world.py is pushed past the threshold by blank characters in front of
it (several bytes each in UTF-8, so code points and bytes differ), and a second document holds one long
hard-wrapped paragraph made of many pieces.
"""

import pytest

from tests import gate_world as w

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

PAD = "\u3000 \u00a0\n" * 5000  # 20,000 blank characters: nothing to account for, every offset moves past them
WRAP_DOC = "d0c0ffee00000003"
WRAP_LINE = "Fishing boats {n} and {m} left the quay at dawn, the harbour log of the day recorded in full."


@pytest.fixture(autouse=True)
def long_source(monkeypatch):
    monkeypatch.setattr(w, "SOURCE", PAD + w.SOURCE)


def wrapped_document(rows) -> str:
    """Add a document of one paragraph of 300 hard-wrapped lines (pieces joined by spaces); returns its text."""
    lines = [WRAP_LINE.format(n=i, m=i + 1) for i in range(300)]
    source = "\n".join(lines) + "\n"
    pieces, text, pos = [], "", 0
    for i, line in enumerate(lines):
        if i:
            text += " "
        pieces.append({"text_start": len(text), "src_start": pos, "length": len(line)})
        text += line
        pos += len(line) + 1
    rows["documents"].append(dict(rows["documents"][0], doc_id=WRAP_DOC, source_file="wrapped.txt",
                                  source_text=source, raw_bytes=source.encode(), byte_size=len(source.encode())))
    rows["articles"].append(dict(rows["articles"][0], article_id=f"{WRAP_DOC}:0", doc_id=WRAP_DOC,
                                 source_file="wrapped.txt", title=None, body=text, char_start=0,
                                 char_end=len(source) - 1))
    rows["paragraphs"].append({"paragraph_id": f"{WRAP_DOC}:0:0", "article_id": f"{WRAP_DOC}:0", "doc_id": WRAP_DOC,
                               "ordinal": 0, "kind": "paragraph", "text": text, "char_start": 0,
                               "char_end": len(source) - 1, "pieces": pieces})
    return text


SUITES = ("documents", "document_cleaning", "articles", "paragraphs", "removed_spans", "metadata_spans",
          "numeric_claims")


def failures(rows, suite):
    return {o.rule: o for o in w.outcomes(rows, suite) if not o.success}


@pytest.mark.parametrize("suite", SUITES)
def test_good_long_rows_pass(suite):
    rows = w.world()
    wrapped_document(rows)
    assert len(w.SOURCE) > 16000 and len(rows["paragraphs"][-1]["text"]) > 16000
    assert w.failing(rows, suite) == set()


def test_a_typo_in_a_piece_is_found_and_shown():
    rows = w.world()
    rows["paragraphs"][0]["text"] = rows["paragraphs"][0]["text"].replace("ships", "shops", 1)
    found = failures(rows, "paragraphs")
    assert set(found) == {"paragraph_pieces_match_source"}
    assert "shops" in found["paragraph_pieces_match_source"].sample[0]["first_mismatch"]


@pytest.mark.parametrize(("change", "rule"), [
    (lambda rows: rows["paragraphs"][0]["pieces"][0].update(src_start=w.at(w.P0)[0] + 1),
     "paragraph_pieces_match_source"),
    (lambda rows: rows["paragraphs"][1]["pieces"][1].update(text_start=3), "paragraph_pieces_match_source"),
    (lambda rows: rows["paragraphs"][2]["pieces"][0].update(src_start=len(w.SOURCE) - 5),
     "paragraph_pieces_inside_document"),
])
def test_misplaced_pieces_fail(change, rule):
    rows = w.world()
    change(rows)
    assert set(failures(rows, "paragraphs")) == {rule}


def test_a_changed_letter_deep_in_a_long_paragraph_is_found():
    rows = w.world()
    text = wrapped_document(rows)
    at = text.index("boats 250 and")
    rows["paragraphs"][-1]["text"] = text[:at] + "b0ats" + text[at + 5:]
    found = failures(rows, "paragraphs")
    assert set(found) == {"paragraph_pieces_match_source"}
    assert found["paragraph_pieces_match_source"].sample[0]["first_mismatch"] == WRAP_LINE.format(
        n=250, m=251).replace("boats", "b0ats")


def test_removed_spans_are_checked_against_the_source_and_the_kept_text():
    rows = w.world()
    rows["removed_spans"][3]["text"] = "Related: a story that is not there"
    s, e = w.at("about 600")
    rows["removed_spans"].append({"doc_id": w.DOC, "char_start": s, "char_end": e, "reason": "caption",
                                  "text": "about 600"})
    found = failures(rows, "removed_spans")
    assert set(found) == {"removed_text_matches_source", "removed_span_not_kept"}
    assert found["removed_span_not_kept"].sample[0]["kept_paragraph"] == f"{w.DOC}:0:0"
    assert found["removed_span_not_kept"].unexpected_count == 1


@pytest.mark.parametrize("drop", ["cookie", "everything"])
def test_lost_text_is_found_and_placed(drop):
    rows = w.world()
    if drop == "cookie":
        del rows["removed_spans"][0]
    else:
        for table in ("paragraphs", "metadata_spans", "removed_spans"):
            rows[table] = []
    found = failures(rows, "document_cleaning")
    assert set(found) == {"document_nothing_lost"}
    row = found["document_nothing_lost"].sample[0]
    assert row["first_lost_text"] == w.COOKIE and row["first_lost_at"] == w.at(w.COOKIE)[0]
    lost = w.COOKIE if drop == "cookie" else w.SOURCE
    assert row["lost_chars"] == sum(1 for ch in lost if not ch.isspace())


def test_metadata_spans_name_what_they_overlap():
    rows = w.world()
    rows["metadata_spans"][0]["text"] = "Harbour traffic halves"
    for text in (w.P2, w.PAGE):
        s, e = w.at(text)
        rows["metadata_spans"].append({"doc_id": w.DOC, "article_id": f"{w.DOC}:0", "field": "note",
                                       "char_start": s, "char_end": e, "text": text})
    found = failures(rows, "metadata_spans")
    assert set(found) == {"metadata_text_matches_source", "metadata_span_not_kept", "metadata_span_not_removed"}
    assert found["metadata_span_not_kept"].sample[0]["kept_paragraph"] == f"{w.DOC}:0:2"
    s, e = w.at(w.PAGE)
    assert found["metadata_span_not_removed"].sample[0]["removed_span"] == f"page_header_footer {s}-{e}"


def test_claims_are_read_at_their_span_and_kept_out_of_removed_text():
    rows = w.world()
    rows["numeric_claims"][0]["char_start"] += 1
    s = w.at(w.PAGE)[0] + w.PAGE.index("2")
    rows["numeric_claims"].append(dict(rows["numeric_claims"][3], claim_id=f"{w.DOC}:{s}-{s + 1}", char_start=s,
                                       char_end=s + 1, surface="2", sentence=w.PAGE))
    found = failures(rows, "numeric_claims")
    assert set(found) == {"claim_span_matches_surface", "claim_outside_removed_spans"}
    page_s, page_e = w.at(w.PAGE)
    assert found["claim_outside_removed_spans"].sample[0]["removed_span"] == f"page_header_footer {page_s}-{page_e}"


def test_spans_that_only_touch_kept_text_pass():
    rows = w.world()
    s = w.at(w.P0)[0]
    rows["removed_spans"].append({"doc_id": w.DOC, "char_start": s - 2, "char_end": s, "reason": "separator",
                                  "text": w.SOURCE[s - 2:s]})
    e = w.at(w.P2)[1]
    rows["metadata_spans"].append({"doc_id": w.DOC, "article_id": f"{w.DOC}:0", "field": "note",
                                   "char_start": e, "char_end": e + 1, "text": w.SOURCE[e:e + 1]})
    assert w.failing(rows, "removed_spans") == set()
    assert w.failing(rows, "metadata_spans") == set()
