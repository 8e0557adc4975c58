"""The cleaner's prefilters (unions of patterns, key words, cheap character tests) only say "no" sooner: every
verdict is the one the rule itself gives."""

import re

import pipelines.core.clean.boilerplate as bp
from pipelines.core.clean.inline import inline_markup
from pipelines.core.clean.lines import line_tokens, lower_words, split_lines, tokens

DOC = """Skip to content
Home | World | Sport | Weather
By Jane Roe
Posted on March 3, 2024 by Jane Roe
March 3, 2024 at 9:14 pm
Anna says:
Reply
REPLY TO THIS COMMENT
*Jane Roe*
Accept all cookies
Manage preferences
Also read:
Related articles
Editor's note: this story was updated on Friday.
(Translated by Ana de la Cruz)
About the author
Notes
Subscribe
Email address
Jane Roe is a senior fellow at the Harbour Institute and writes on trade and shipping.
Annual Review   page 4
12   Contents of the issue
Chapter one .......... 7
All rights
reserved.
© 2024 Harbour Review. All rights reserved.
Photo: Jane Roe/Harbour Review (AP)
Figure 3: Arrivals by month
Share on Facebook Twitter LinkedIn
Tags: trade, ports, shipping
The council met on Tuesday to discuss the budget, which rose by 4% over last year's figure.
İstanbul'da bugün yağmur bekleniyor, dedi meteoroloji.
Ein Bericht über die Häfen: 120 Schiffe liefen 2023 ein.
Sign up for our newsletter to get the week's stories in your inbox.
We use cookies to improve your experience on this site.
Your email address will not be published. Required fields are marked *
Read the [full report](https://example.org/report) and the [annex](#).
x.com/someone
3 responses to “The port reopens”
"""

_DETECTORS = ("is_byline", "is_date_line", "is_comment_meta", "is_menu_word_line", "is_consent_button",
              "is_related_head", "is_name_line", "is_bio", "is_notes_head", "is_editor_note", "is_newsletter_part")


def _fresh():
    return split_lines(DOC)


def test_detectors_agree_with_each_rule():
    for ln in _fresh():
        got = bp.detectors(ln)
        short = ln.words <= 16
        want = tuple(getattr(bp, n).__wrapped__(ln) for n in _DETECTORS)
        want = (short and want[0], short and want[1], short and want[2], *want[3:7], not short and want[7], *want[8:])
        assert tuple(map(bool, got)) == tuple(map(bool, want)), ln.core
        # what the unions settled is remembered as the rule's own verdict
        for name in ("is_credit", "is_bio_head", "is_consent_button", "is_date_line", "is_byline"):
            assert bool(getattr(bp, name)(ln)) == bool(getattr(bp, name).__wrapped__(ln)), (name, ln.core)


def test_line_reason_families_on_own_lines():
    reasons = {ln.core: bp.line_reason(ln) for ln in _fresh()}
    assert reasons["Skip to content"] == "navigation"
    assert reasons["Accept all cookies"] == "cookie_banner"
    assert reasons["Annual Review   page 4"] == "page_header_footer"
    assert reasons["© 2024 Harbour Review. All rights reserved."] == "footer"
    assert reasons["Share on Facebook Twitter LinkedIn"] == "share_buttons"
    assert reasons["Tags: trade, ports, shipping"] == "tags"
    assert reasons["The council met on Tuesday to discuss the budget, which rose by 4% over last year's figure."] \
        is None


def test_comment_meta_forms():
    lines = {ln.core: ln for ln in _fresh()}
    for core in ("Anna says:", "March 3, 2024 at 9:14 pm", "Reply", "REPLY TO THIS COMMENT"):
        assert bp.is_comment_meta(lines[core]), core
    assert not bp.is_comment_meta(lines["Jane Roe is a senior fellow at the Harbour Institute and writes on trade "
                                        "and shipping."])


def test_tokens_and_lower_words():
    for ln in _fresh():
        # the ASCII shortcut gives the tokens of the definition: each word found, then lower-cased
        assert line_tokens(ln) == tokens(ln.core) == list(map(str.lower, re.findall(r"\w+", ln.core)))
        assert lower_words(ln) == re.findall(r"\w+", ln.core.lower())


def test_inline_pieces_without_links():
    text = "No link here. [A link](#) here."
    markup = inline_markup(text)
    assert markup.pieces(0, 13) == ([(0, 13)], [])
    assert markup.pieces(5, 5) == ([], [])
    kept, _gone = markup.pieces(14, len(text))
    assert [text[a:b] for a, b in kept] == ["A link", " here."]
    assert inline_markup("No markup at all, not even a backslash.") is None
