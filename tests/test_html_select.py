"""claimtrail's own rules over the extractor: what it wrongly keeps is removed, what it drops is taken back.

The extractor's text is given directly here (select_main takes it as a string), so each rule is tested
against an extractor that keeps everything, or that stops half way, whatever trafilatura would do.
"""

import pytest
from lxml import html as lxml_html

from pipelines.core.clean import REMOVAL_REASONS
from pipelines.core.html.main import select_main
from pipelines.core.html.text import render

P = [
    "Council workers began repairing the flood wall along the river on Monday, two weeks after the storm.",
    "The repairs are expected to take about six weeks and will close the towpath between the two bridges.",
    "Engineers said the wall had held back water for almost forty years before the latest high tide.",
    "Residents in the lower streets will be offered sandbags until the work is finished in the spring.",
    "The council has set aside 1.2 million pounds for the work, most of it from an emergency reserve.",
    "A second phase, raising the wall by half a metre, is planned for next year if funding is approved.",
]


def _verdicts(body: str, extracted: str | None = None, headlines: tuple[str, ...] = ()):
    layout = render(lxml_html.document_fromstring(f"<html><body>{body}</body></html>"))
    lines = [layout.text[ln.start:ln.end] for ln in layout.lines]
    if extracted is None:   # an extractor that keeps every line of the page
        extracted = "\n".join(lines)
    return dict(zip(lines, select_main(layout, extracted, headlines), strict=True))


def _paras(items: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in items)


@pytest.mark.parametrize(("extra", "line", "reason"), [
    ('<p><a href="/app">DOWNLOAD OUR NEWS APP FOR FREE TODAY</a></p>', "DOWNLOAD OUR NEWS APP FOR FREE TODAY",
     "related_link"),
    ("<p>Read more: <a href='/x'>Bridge inspections found cracks in three piers</a></p>",
     "Read more: Bridge inspections found cracks in three piers", "related_link"),
    ("<p>Lesen Sie auch: <a href='/y'>Neue Deiche für die Altstadt</a></p>",
     "Lesen Sie auch: Neue Deiche für die Altstadt", "related_link"),
    ("<p>We use cookies to give you the best experience on our site.</p>",
     "We use cookies to give you the best experience on our site.", "cookie_banner"),
    ("<p>Sign up to our newsletter and get the day's stories in your inbox.</p>",
     "Sign up to our newsletter and get the day's stories in your inbox.", "newsletter"),
    ("<p>Follow us on Twitter and Facebook.</p>", "Follow us on Twitter and Facebook.", "share_buttons"),
    ("<p>(Reporting by Ann Lee; editing by Tom Park)</p>", "(Reporting by Ann Lee; editing by Tom Park)", "footer"),
    ("<p>© 2024 River Herald. All rights reserved.</p>", "© 2024 River Herald. All rights reserved.", "footer"),
    ("<figure><figcaption>The wall near the old mill (Photo: River Herald)</figcaption></figure>",
     "The wall near the old mill (Photo: River Herald)", "caption"),
])
def test_furniture_the_extractor_kept_is_removed(extra, line, reason):
    body = _paras(P[:3]) + extra + _paras(P[3:])
    verdicts = _verdicts(f"<article>{body}</article>")
    assert not verdicts[line].keep
    assert verdicts[line].reason == reason
    assert all(verdicts[p].keep for p in P)


def test_linked_name_between_paragraphs_is_kept_but_teasers_at_the_end_are_not():
    body = (_paras(P[:3]) + '<h3><a href="/shop">Tidewall sandbag kit</a></h3>' + _paras(P[3:])
            + '<h3><a href="/a">Ten walks along the estuary</a></h3>')
    verdicts = _verdicts(f"<article>{body}</article>")
    assert verdicts["Tidewall sandbag kit"].keep
    assert verdicts["Ten walks along the estuary"].reason == "related_link"


def test_announcement_below_the_article_closes_it():
    teasers = ("<div class='box'><h2>Most read</h2><p>Ferry fares rise again on the island routes this winter.</p>"
               "<p>Market hall reopens after a year of building work downtown.</p></div>")
    verdicts = _verdicts(f"<div><article>{_paras(P)}</article>{teasers}</div>")
    assert all(verdicts[p].keep for p in P)
    assert verdicts["Ferry fares rise again on the island routes this winter."].reason == "related_link"


@pytest.mark.parametrize(("title", "above"), [
    ("Flood wall repairs begin", "<h1>Flood wall repairs begin</h1>"),
    ("Flood wall repairs begin", "<h2>Flood wall repairs begin</h2><p>By Jo Marsh</p><p>12 March 2024</p>"),
])
def test_title_byline_and_date_above_the_body_are_not_body(title, above):
    verdicts = _verdicts(f"<article>{above}{_paras(P)}</article>", headlines=(title,))
    assert verdicts[title].reason == "duplicate_title"
    assert all(not v.keep for line, v in verdicts.items() if line not in P)


def test_paragraph_printed_twice_in_a_row_kept_once():
    layout = render(lxml_html.document_fromstring(f"<html><body><article>{_paras(P[:2])}{_paras(P[1:])}"
                                                  "</article></body></html>"))
    extracted = "\n".join(layout.text[ln.start:ln.end] for ln in layout.lines)
    kept = [layout.text[ln.start:ln.end] for ln, v in zip(layout.lines, select_main(layout, extracted), strict=True)
            if v.keep]
    assert kept == P


def test_body_split_by_an_advert_is_taken_back_forward_only():
    body = (f"<div class='intro'><p>{P[0]}</p></div>"
            f"<div class='part'>{_paras(P[1:3])}</div><div class='ad-slot'>Advertisement</div>"
            f"<div class='part'><p>{P[3]}</p><p>But two problems remain.</p>{_paras(P[4:])}</div>")
    extracted = "\n".join(P[1:3])          # an extractor that stopped at the advert
    verdicts = _verdicts(f"<main><article>{body}</article></main>", extracted)
    assert all(verdicts[p].keep for p in P[1:])
    assert verdicts["But two problems remain."].keep    # a short sentence with prose after it
    assert not verdicts[P[0]].keep          # text above the article is a standfirst more often than body
    assert not verdicts["Advertisement"].keep


def test_extractor_found_nothing_falls_back_to_prose():
    verdicts = _verdicts(f"<nav><a href='/'>Home</a></nav>{_paras(P)}", extracted="")
    assert all(verdicts[p].keep for p in P)
    assert not verdicts["Home"].keep


def test_reasons_are_in_the_warehouse_vocabulary():
    body = ("<nav><a href='/'>Home</a> <a href='/n'>News</a></nav><div class='cookie-notice'>"
            "<p>We use cookies.</p></div><article><h1>T</h1>" + _paras(P) + "</article>"
            "<aside><a href='/r'>Related story here for you</a></aside><footer>Imprint</footer>")
    for v in _verdicts(body, extracted="\n".join(P)).values():
        assert v.keep or v.reason in REMOVAL_REASONS


@pytest.mark.parametrize("sentence", [
    "Share prices fell 3% on Monday.",
    "Comments from the minister drew criticism.",
    "Copyright lawsuits rose 12% last year.",
    "Recommended doses are lower for children.",
    "Related research shows the same effect.",
    "She baked cookies for the neighbours.",
    "He did not consent to the search.",
    "By noon, the fire was out.",
    "Di fronte alla crisi, il governo ha deciso.",
    "The newsletter reached 2 million readers.",
    "Contact tracing at the hospital began at once.",
])
def test_short_body_sentences_that_only_sound_like_furniture_are_kept(sentence):
    body = _paras(P[:3]) + f"<p>{sentence}</p>" + _paras(P[3:])
    verdicts = _verdicts(f"<article>{body}</article>")
    assert verdicts[sentence].keep
