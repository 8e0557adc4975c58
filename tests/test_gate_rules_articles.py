"""The articles suite's cases (CASES, FINE: run by tests/test_gate_rules.py) and what its offending rows say."""

import pytest

from pipelines.quality import markers
from tests import gate_world as w

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser


def _article(**changes):
    def change(rows):
        rows["articles"][0].update(changes)
    return change


def _body_plus(extra: str):
    def change(rows):
        rows["articles"][0]["body"] += extra
    return change


def _add_paragraph(text: str, span: tuple[int, int]):
    """Append a paragraph with `text` (its one piece pointing at `span` of the source)."""
    def change(rows):
        paras = rows["paragraphs"]
        n = len(paras)
        paras.append(dict(paras[-1], paragraph_id=f"{w.DOC}:0:{n}", ordinal=n, text=text, char_start=span[0],
                          char_end=span[1], pieces=[{"text_start": 0, "src_start": span[0], "length": len(text)}]))
        rows["articles"][0]["body"] += "\n" + text
    return change


def _duplicate_article(rows):
    rows["articles"].append(dict(rows["articles"][0], ordinal=1))


CASES = [
    ("duplicate_article_id", _duplicate_article, {"article_id_unique"}),
    ("body_null", _article(body=None), {"article_body_present"}),
    ("body_empty", _article(body=""), {"article_body_not_empty"}),
    ("body_blank", _article(body=" \n\t\n "), {"article_body_not_empty"}),
    ("language_not_a_code", _article(language="zz"), {"article_language_iso639_1"}),
    ("language_three_letters", _article(language="eng"), {"article_language_iso639_1"}),
    ("language_with_region", _article(language="en-GB"), {"article_language_iso639_1"}),
    ("language_upper_case", _article(language="EN"), {"article_language_iso639_1"}),
    ("language_missing", _article(language=None), {"article_language_iso639_1"}),
    ("role_unknown", _article(role="secondary"), {"article_role_known"}),
    ("span_past_the_end", _article(char_end=len(w.SOURCE) + 10), {"article_span_inside_document"}),
    ("span_reversed", _article(char_start=200, char_end=100), {"article_span_inside_document"}),
    ("document_missing", _article(doc_id="nope"), {"article_span_inside_document"}),
    ("paragraph_repeated", _add_paragraph(w.P2, w.at(w.P2)), {"article_paragraphs_not_repeated"}),
    ("paragraph_repeated_other_case_and_punctuation",
     _add_paragraph("FERRIES kept running -- through the winter storms!", w.at(w.P2)),
     {"article_paragraphs_not_repeated"}),
    ("title_as_paragraph", _add_paragraph(w.TITLE, w.at(w.TITLE)), {"article_title_not_in_body"}),
    ("title_as_paragraph_other_case", _add_paragraph(w.TITLE.upper() + ".", w.at(w.TITLE)),
     {"article_title_not_in_body"}),
    ("copyright_line", _body_plus("\n© 2024 Harbour Review. All Rights Reserved."),
     {"article_body_free_of_boilerplate"}),
    ("copyright_in_french", _body_plus(" Tous droits réservés."), {"article_body_free_of_boilerplate"}),
    ("cookie_notice", _body_plus("\nWe use cookies to measure our audience."), {"article_body_free_of_boilerplate"}),
    ("comment_form_in_spanish", _body_plus("\nTu dirección de correo electrónico no será publicada."),
     {"article_body_free_of_boilerplate"}),
    ("share_bar_in_german", _body_plus("\nAuf Facebook teilen"), {"article_body_free_of_boilerplate"}),
    ("label_line", _body_plus("\n  Share this article  "), {"article_body_free_of_boilerplate"}),
    ("label_line_in_italian", _body_plus("\nLeggi anche:"), {"article_body_free_of_boilerplate"}),
    ("advertisement_line", _body_plus("\n— Advertisement —"), {"article_body_free_of_boilerplate"}),
]

# good text that must not be taken for a bad row
FINE = [
    ("short_lines_may_repeat", lambda rows: [_add_paragraph("Yes.", w.at(w.P2))(rows) for _ in range(2)]),
    ("label_words_inside_a_sentence", _body_plus("\nThe minister declined to leave a comment on the strike.")),
    ("share_inside_a_sentence", _body_plus("\nDock workers will share the bonus; read more in the annual report.")),
    ("copyright_word", _body_plus("\nThe authority reserved all rights to the northern quay in 2020.")),
    ("title_words_inside_a_paragraph", _body_plus(f"\nWhy {w.TITLE.lower()} matters for the town.")),
    ("language_other_real_code", _article(language="sq")),
    ("no_title", _article(title=None)),
]


@pytest.mark.parametrize(("extra", "phrase"), [
    ("\n© 2024 Harbour Review. All Rights Reserved.", "all rights reserved"),
    ("\n  Share this article  ", "share this article"),
])
def test_offending_rows_name_the_marker(extra, phrase):
    rows = w.world()
    _body_plus(extra)(rows)
    found = next(o for o in w.outcomes(rows, "articles") if o.rule == "article_body_free_of_boilerplate")
    assert markers.normalise(found.sample[0]["boilerplate_marker"]) == phrase


def test_offending_rows_name_the_repeated_paragraph():
    rows = w.world()
    _add_paragraph(w.P2, w.at(w.P2))(rows)
    found = next(o for o in w.outcomes(rows, "articles") if o.rule == "article_paragraphs_not_repeated")
    assert found.sample[0]["repeated_paragraph"] == w.P2 and found.sample[0]["repeated_paragraphs"] == 1


def language_zz(rows):
    """The first article's language: two letters, but no ISO 639-1 code."""
    rows["articles"][0]["language"] = "zz"
