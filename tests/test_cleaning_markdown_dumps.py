"""A page dumped as Markdown (links, images, escapes, wrapped or not) cleans as the page's text does."""

import re
import textwrap

from pipelines.core.clean import clean_text, unaccounted
from pipelines.core.clean.inline import InlineMarkup, inline_markup
from pipelines.core.clean.lines import split_lines

PARAGRAPHS = [
    "The river authority opened the new weir at Kellbridge on Tuesday, three years after the floods that cut the "
    "valley road for a month. Engineers say the structure can hold back 40 per cent more water than the old one.",
    "Residents who lost homes in the floods watched from the bank. \"We waited a long time for this,\" said Ines "
    "Marlow, who runs the bakery by the bridge. She said [the council's report](https://example.org/reports/weir-"
    "2024-final-version.pdf) had promised the work for the first spring.",
    "The weir cost 12 million, paid in part by a regional fund. Its gates are moved by two electric motors, each "
    "with a diesel engine as a spare, and an alarm reaches the duty engineer if the level rises too fast.",
    "Work on the second stage, a fish pass on the east bank, starts in May and should take a year.",
]

MENU = """\
[Skip to content](#main)

[ ![Valley Courier](https://example.org/static/img/courier-logo-wide-2x.png) ](/)

  * [News](/news/)
  * [Sport](/sport/)
  * [Weather](/weather/)
  * [Contact](/contact/)
"""

FOOTER = """\
[ Facebook ](https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fexample.org%2Fnews%2Fweir-opens-at-kellbridge)
[ Twitter ](https://twitter.com/share?url=https%3A%2F%2Fexample.org%2Fnews%2Fweir-opens-at-kellbridge)

### Related

  * [Bridge repairs delayed again](/news/bridge-repairs/)
  * [Bakery wins county prize](/news/bakery-prize/)

© 2024 Valley Courier. All rights reserved.
"""


def _page(width: int | None = None) -> str:
    body = []
    for i, p in enumerate(PARAGRAPHS):
        body.append(textwrap.fill(p, width, break_long_words=True, break_on_hyphens=True) if width else p)
        if i == 1:
            body.append("![The new weir at Kellbridge](https://example.org/static/img/weir-at-dusk-1200.jpg)")
    return (MENU + "\n# New weir opens at Kellbridge after years of waiting\n\nBy Tom Reyes | 3 May 2024\n\n"
            + "\n\n".join(body) + "\n\n" + FOOTER)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def test_markdown_dump_gives_one_article_read_as_rendered():
    page = _page()
    result = clean_text(page)
    assert len(result.articles) == 1
    art = result.articles[0]
    assert art.title == "New weir opens at Kellbridge after years of waiting"
    body = art.body
    assert "](" not in body and "![" not in body and "[" not in body
    assert "the council's report had promised" in body
    assert "Skip to content" not in body and "Bakery wins county prize" not in body
    assert unaccounted(page, result) == []
    for p in art.paragraphs:
        for pc in p.pieces:
            assert p.text[pc.text_start:pc.text_start + pc.length] == page[pc.src_start:pc.src_start + pc.length]


def test_an_image_line_is_markup_not_a_line():
    page = _page()
    images: list[tuple[int, int]] = []
    lines = split_lines(page, markup_only=images)
    assert [page[s:e] for s, e in images] == [
        "[ ![Valley Courier](https://example.org/static/img/courier-logo-wide-2x.png) ](/)",
        "![The new weir at Kellbridge](https://example.org/static/img/weir-at-dusk-1200.jpg)"]
    assert not any("![" in ln.core for ln in lines)
    removed = {r.text: r.reason for r in clean_text(page).removed}
    assert removed[page[images[1][0]:images[1][1]]] == "markup"


def test_wrapped_markdown_dump_cleans_as_the_unwrapped_one():
    # a dump wrapped at 60 columns cuts the report's address over two lines
    wide, narrow = clean_text(_page()), clean_text(_page(60))
    assert "weir-\n2024" in _page(60) or "weir-2024-final-\nversion" in _page(60)
    assert len(narrow.articles) == 1
    body = narrow.articles[0].body
    assert "](" not in body and "https" not in body
    assert _words(body) == _words(wide.articles[0].body)
    assert unaccounted(_page(60), narrow) == []


def test_lines_read_as_rendered():
    text = "[Home](/) / [Blog](/blog/) / Harbour notes\n\n26\\. Surrealism in the port\n27\\. Cubism on the quay\n"
    lines = split_lines(text)
    assert [ln.core for ln in lines] == ["Home / Blog / Harbour notes", "26. Surrealism in the port",
                                         "27. Cubism on the quay"]
    assert lines[1].numbered and lines[2].numbered   # the escapes undone, the list's numbering is seen
    assert split_lines("[Home](/)")[0].is_url        # a line that is one link stays a link


def test_inline_markup_spans():
    text = "a [b](http://x.org/p-\nq) c ![d](e.png) [![f](g.png)](/h) 1\\. **i** C:\\Users 5 * 3"
    m = InlineMarkup(text)
    assert [text[a:b] for a, b in m.spans] == ["[", "](http://x.org/p-\nq)", "![d](e.png)",
                                               "[", "![f](g.png)", "](/h)", "\\", "**", "**"]
    assert m.view(text, 0, len(text)) == "a b c   1. i C:\\Users 5 * 3"
    block = "[Jane Roe\n\nHarbour editor](/staff/jane-roe)"   # a block inside a link: a label of paragraphs
    assert InlineMarkup(block).view(block, 0, len(block)) == "Jane Roe\n\nHarbour editor"
    assert inline_markup("plain text (with brackets) [and squares]") is None


def test_text_browser_link_numbers_are_markup():
    refs = "\n".join(f"  {n}. https://example.org/page-{n}" for n in range(1, 5))
    text = f"[1]Home [2]News\n\nThe quay reopened [3]in June, the report[9] said.\n\nReferences\n\n{refs}\n"
    m = InlineMarkup(text)
    assert m.view(text, 0, text.index("\n")) == "Home News"
    assert "[9]" in m.view(text, 0, len(text))        # a number the list does not hold: left alone
    cited = "The survey[1] counted 48 cranes[2].\n"      # no address list: citations stay
    assert inline_markup(cited) is None


def test_prose_with_brackets_is_no_link():
    # a bracket aside followed by a parenthesis on the next paragraph's line is no link: a blank line ends it
    text = "The survey [of 2023] found nothing.\n\n(See the appendix.) The port reopened in June."
    assert inline_markup(text) is None or InlineMarkup(text).view(text, 0, len(text)) == text


def test_reference_style_links_read_as_labels():
    page = ("[ ![Valley Courier][1] ][2]\n\n# Weir opens at Kellbridge\n\n" + PARAGRAPHS[0] + " The [council's report]"
            "[3] has the figures.\n\n" + PARAGRAPHS[2] + "\n\n   [1]: https://example.org/logo.png\n"
            "   [2]: https://example.org/\n   [3]: https://example.org/report.pdf\n")
    result = clean_text(page)
    assert len(result.articles) == 1
    body = result.articles[0].body
    assert "The council's report has the figures." in body and "][" not in body and "https" not in body
    assert unaccounted(page, result) == []
    gone = {r.text: r.reason for r in result.removed}
    assert gone["   [3]: https://example.org/report.pdf".strip()] == "markup"
    # brackets followed by brackets with no definition in the document are text
    plain = "The ratio [a][b] stays as written in this line of the notes."
    assert inline_markup(plain) is None


def test_a_table_row_is_no_headline():
    rows = ["| Feature | Model A | Model B |", "| --- | --- | --- |", "| Screen Type | Glass | Plastic |",
            "| Battery | 20 days | 9 days |"]
    assert not any(ln.headinglike for ln in split_lines("\n".join(rows)) if ln.core.count("|") >= 3)
    page = ("# Two watches compared\n\nBy Tom Reyes | 3 May 2024\n\n" + PARAGRAPHS[0] + "\n\n" + "\n".join(rows)
            + "\n\n" + PARAGRAPHS[2] + "\n")
    result = clean_text(page)
    assert [a.title for a in result.articles] == ["Two watches compared"]
