"""A line of an article's header has one role: a note kept as metadata above the first paragraph is not also
removed (the gate quarantines a document whose metadata span is a removed span too)."""

from pipelines.core.clean import clean_text

PARA = ("The council met on Tuesday evening to weigh the new budget for the harbour district, and the vote was "
        "closer than anyone in the room had expected after weeks of quiet talks between the parties.")
NOTE = "*Disclosure: This column was written by a person, with a fact check and a light edit by a colleague.*"
DOC = "\n\n".join([
    "[Home](/) · [Archive](/archive) · [About](/about)",
    "Sam Ortega", "Mar 02, 2026", "Share",
    NOTE,
    PARA, PARA.replace("Tuesday", "Monday").replace("harbour", "river"),
    PARA.replace("council", "board").replace("budget", "plan"),
]) + "\n"


def test_a_note_over_the_article_is_metadata_and_not_removed():
    result = clean_text(DOC)
    assert len(result.articles) == 1
    spans = result.articles[0].metadata_spans
    notes = [m for m in spans if m.field == "note"]
    assert [DOC[m.char_start:m.char_end] for m in notes] == [NOTE]
    for m in spans:
        assert not [s.reason for s in result.removed if s.char_start < m.char_end and m.char_start < s.char_end]


def test_the_note_is_not_body_text():
    body = "\n".join(p.text for p in clean_text(DOC).articles[0].paragraphs)
    assert "Disclosure" not in body and body.startswith("The council met")
