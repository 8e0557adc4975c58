"""News that mentions or quotes page furniture is news: for every family, a story of our own with a real
sentence about cookies, comments, sharing, rights, newsletters, menus, related links or adverts keeps that
sentence (as text and as HTML), the gate's marker rule leaves it alone, and a run publishes it. The furniture
itself, next to it, still goes."""

from __future__ import annotations

import html

import duckdb
import pytest

from pipelines.core.clean import clean, clean_text
from pipelines.core.ingest import read_document
from pipelines.quality.markers import find_marker
from pipelines.runner import run_pipeline

# family -> (a news sentence that mentions it, a line of the furniture itself)
FAMILIES = {
    "cookie_banner": (
        "Inspectors found that the shopping site stored tracking cookies on 38,000 laptops before visitors had "
        "agreed to anything, and the regulator ordered it to pay 1.8 million euros.",
        "We use cookies to give you the best experience on our website. Accept all cookies"),
    "cookie_quoted": (
        'Campaigners said a banner reading "we use cookies to improve your experience" appeared on 9 of the 10 '
        "news sites they checked in March.",
        "This site uses cookies. By continuing to browse, you agree to our use of cookies."),
    "comment_section": (
        "Since comments are closed on every article about the trial, readers have sent more than 1,200 letters "
        "to the editor in the past six weeks.",
        "Your email address will not be published. Required fields are marked *"),
    "comment_quoted": (
        "The forum's owner said that comments are closed on posts about the 2011 flood because moderators "
        "removed 700 abusive replies in two days.",
        "Leave a Reply"),
    "share_buttons": (
        "Share on Facebook buttons were taken off 40 government websites last year after an audit found they "
        "passed visitor data to advertisers.",
        "Share on Facebook"),
    "share_prices": (
        "Share prices of the ferry operator fell 12% on Friday after it cancelled 30 crossings because of the "
        "strike.",
        "Share this article"),
    "footer": (
        "The musician's lawyer told the court that the words all rights reserved printed on the 1998 sleeve "
        "covered only vinyl and cassette sales, not streaming.",
        "© 2024 The Harbour Review. All rights reserved."),
    "copyright_office": (
        "Copyright Office figures show that 4,000 claims about song lyrics were filed in 2023, twice as many as "
        "two years before.",
        "Copyright © 2024 Lanhaven Media Ltd"),
    "newsletter": (
        "The Valley Gazette will stop printing in June and send its 12,000 subscribers a daily email newsletter "
        "instead, the editor announced on Friday.",
        "Sign up for our newsletter to get the best stories in your inbox every morning."),
    "newsletter_quoted": (
        'A survey of 600 readers found that most of them ignore pop-ups asking them to "subscribe to our '
        'newsletter" within two seconds.',
        "Subscribe to our newsletter"),
    "navigation": (
        "An audit of 250 council websites found that only 40 offered a skip to main content link for people who "
        "rely on screen readers.",
        "Skip to main content"),
    "related_link": (
        "Readers who want to read more about the dispute can find the full ruling, which runs to 84 pages, on "
        "the court's own website.",
        "Read more:"),
    "advertisement": (
        "Advertisement spending on local radio fell by 9% last year, according to figures from the industry "
        "body, the third fall in a row.",
        "Advertisement"),
}
CLOSING = ("Officials expect to publish a fuller report in the autumn, after consulting the 14 towns along the "
           "coast.")


def story(family: str) -> str:
    """A short news story: headline, the sentence that mentions the family, the furniture, a closing line."""
    mention, furniture = FAMILIES[family]
    return (f"A report on {family.replace('_', ' ')}\n\n{mention}\n\n{furniture}\n\n{CLOSING}\n")


def page(family: str) -> str:
    """The same story as an HTML page, the furniture in the article as a scraper finds it."""
    mention, furniture = FAMILIES[family]
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>On {family}</title></head><body>'
            f"<main><article><h1>A report on {family.replace('_', ' ')}</h1><p>{html.escape(mention)}</p>"
            f"<p>{html.escape(furniture)}</p><p>{CLOSING}</p></article></main></body></html>")


def _bodies(result) -> str:
    return "\n".join(a.body for a in result.articles)


@pytest.mark.parametrize("family", FAMILIES)
def test_text_keeps_the_mention_and_drops_the_furniture(family):
    mention, furniture = FAMILIES[family]
    body = _bodies(clean_text(story(family)))
    assert mention in body and CLOSING in body
    assert furniture not in body.split("\n")
    assert find_marker(body) is None


@pytest.mark.parametrize("family", FAMILIES)
def test_html_keeps_the_mention_and_drops_the_furniture(family):
    mention, furniture = FAMILIES[family]
    doc = read_document(page(family).encode(), f"{family}.html")
    body = _bodies(clean(doc))
    assert mention in body and CLOSING in body
    assert furniture not in body.split("\n")
    assert find_marker(body) is None


@pytest.mark.parametrize("family", FAMILIES)
def test_the_gate_rule_leaves_the_mention_alone(family):
    assert find_marker(FAMILIES[family][0]) is None


@pytest.mark.e2e
def test_a_folder_of_such_stories_publishes_every_mention(tmp_path, instance):
    folder = tmp_path / "stories"
    folder.mkdir()
    for family in FAMILIES:
        (folder / f"{family}.txt").write_text(story(family).replace(FAMILIES[family][1] + "\n\n", ""),
                                              encoding="utf-8")
        (folder / f"{family}.html").write_text(page(family), encoding="utf-8")
    report = run_pipeline(str(folder), str(tmp_path / "w.duckdb"), instance=instance)
    assert report.success and report.published, report.errors or report.failed_blocking
    assert report.gate_quarantined == 0 and report.input_quarantined == 0
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        bodies = dict(con.execute("select source_file, string_agg(body, chr(10)) from articles group by 1").fetchall())
        assert con.execute("select count(*) from documents where status <> 'ok'").fetchone()[0] == 0
    for family, (mention, _) in FAMILIES.items():
        for name in (f"{family}.txt", f"{family}.html"):
            assert mention in bodies[name], name


@pytest.mark.parametrize(("text", "expected"), [
    ("We use cookies to give you the best experience.", True),
    ("Diese Website verwendet Cookies, um Ihnen ein besseres Erlebnis zu bieten.", True),
    ("En poursuivant votre navigation, vous acceptez les cookies.", True),
    ("This site uses cookies.", True),
    ("The regulator fined the publisher over tracking cookies.", False),
    ('Campaigners said a banner reading "we use cookies" was everywhere.', False),   # reported, and quoted
    ("Our correspondent said the site had used cookies for years.", False),          # reported
])
def test_who_a_sentence_speaks_to(text, expected):
    from pipelines.core.clean.voice import speaks_to_reader

    assert speaks_to_reader(text) is expected
