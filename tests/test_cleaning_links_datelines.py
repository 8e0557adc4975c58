"""Markdown links read as their labels with exact offsets; dates from datelines, bylines from author bios."""

from pipelines.core.clean import clean_text, unaccounted
from pipelines.core.clean.dates import bio_name, dateline_date
from pipelines.core.clean.inline import InlineMarkup

DOC = ("Harbour plans stall again\n\n"
       "Lisbon, Portugal, March 3 2021: The port board met for the fourth time. Its survey counted 48 cranes "
       "([Porto Diario](#), March 2). Read [the full report](http://example.org/a b) later.\n\n"
       "The second paragraph holds only plain prose about the quays and the tides, long enough to be body text.\n\n"
       "Marta Sousa is a correspondent who covers shipping from Lisbon.\n")


def test_links_keep_labels_and_images_go_whole():
    text = "see [the map](http://x.org) and ![a chart](c.png) now"
    kept, gone = InlineMarkup(text).pieces(0, len(text))
    assert "".join(text[s:e] for s, e in kept) == "see the map and  now"
    assert [text[s:e] for s, e in gone] == ["[", "](http://x.org)", "![a chart](c.png)"]


def test_paragraph_reads_rendered_and_maps_to_source():
    result = clean_text(DOC)
    para = result.articles[0].paragraphs[0]
    assert "](" not in para.text and "[" not in para.text
    assert "(Porto Diario, March 2)" in para.text and "Read the full report later." in para.text
    for p in para.pieces:
        assert para.text[p.text_start:p.text_start + p.length] == DOC[p.src_start:p.src_start + p.length]
    assert unaccounted(DOC, result) == []
    assert {r.text for r in result.removed if r.reason == "markup"} >= {"[", "](#)", "](http://example.org/a b)"}


def test_claim_sentence_is_rendered_and_its_span_exact():
    from pipelines.stages import claim_rows

    result = clean_text(DOC)
    para = result.articles[0].paragraphs[0]
    pieces = [{"text_start": p.text_start, "src_start": p.src_start, "length": p.length} for p in para.pieces]
    rows = claim_rows([("p0", "a0", "d0", "doc.md", para.text, pieces)]).to_pylist()
    claim = next(r for r in rows if r["surface"] == "48")
    assert "[" not in claim["sentence"] and DOC[claim["char_start"]:claim["char_end"]] == "48"
    assert claim["attribution"] == "Porto Diario, March 2"


def test_dates_and_bylines_from_datelines_and_bios():
    article = clean_text(DOC).articles[0]
    assert article.published_date == "2021-03-03"
    assert article.byline == "Marta Sousa"
    assert dateline_date("GENEVA, Switzerland, 14 May 2019 - Talks resumed.") == "2019-05-14"
    assert dateline_date("The talks, which began on May 14 2019, resumed.") is None
    assert bio_name("*Tomas Berg is a senior fellow at an institute.*") == "Tomas Berg"
    assert bio_name("The institute is a think tank.") is None
