"""Articles the markup hides or swallows: a streamed page whose article waits in a `hidden` element for a script,
and an unclosed menu <button> that the parser lets hold the whole page. Both are read; widgets stay out."""

from lxml import html as lxml_html

from pipelines.core.html.text import render
from pipelines.core.ingest import read_page

_PARAS = [
    "The harbour board voted on Monday to rebuild the old eastern pier, which has been closed to walkers since "
    "a winter storm tore away a third of its planks.",
    "Engineers told the board that the timber piles were sound below the waterline, so the work would replace "
    "only the deck, the railings and the lamps along its length.",
    "The cost was put at 2.4 million, to be shared between the town and a regional fund for coastal paths, and "
    "the contract is to be offered for tender before the end of the month.",
    "Fishermen who moor beside the pier asked that the works leave the lower landing open in the mornings, and "
    "the board agreed to keep one stair clear until the deck is finished.",
    "A local history group will be allowed to record the iron brackets before they are removed, since some of "
    "them carry the foundry marks of the yard that built the first pier.",
    "If the tender goes as planned the pier should reopen to walkers next summer, in time for the regatta that "
    "has used it as a finishing line for more than sixty years.",
]


def _article() -> str:
    return "<h1>Eastern pier to be rebuilt</h1>" + "".join(f"<p>{p}</p>" for p in _PARAS)


def _main(page) -> str:
    return "\n".join(page.source_text[s:e] for s, e in page.main_spans)


def test_article_in_hidden_element_is_read_when_nothing_else_holds_it():
    markup = ("<html><head><title>Pier</title></head><body><nav><a href='/'>Home</a> <a href='/n'>News</a></nav>"
              f"<div id='root'><p>Loading…</p></div><div hidden id='stream-1'><article>{_article()}</article></div>"
              "<script>document.getElementById('root').replaceWith(stream)</script></body></html>")
    page = read_page(markup.encode())
    assert page is not None and page.quarantine_reason is None
    body = _main(page)
    assert "timber piles were sound" in body and "finishing line" in body


def test_small_hidden_boxes_stay_hidden_when_the_article_is_visible():
    markup = (f"<html><body><article>{_article()}</article>"
              "<div hidden><p>Thanks for signing up, check your inbox to confirm your address.</p></div>"
              "</body></html>")
    page = read_page(markup.encode())
    assert page is not None and "finishing line" in _main(page)
    assert "check your inbox" not in page.source_text


def test_unclosed_menu_button_does_not_swallow_the_page():
    # the toggle's closing tag is missing: the parser nests the whole article inside the <button>
    markup = ("<html><body><header><button class='menu-toggle'><span>Menu</span>"
              f"</header><main><article>{_article()}</article></main></body></html>")
    page = read_page(markup.encode())
    assert page is not None and page.quarantine_reason is None
    assert "regional fund for coastal paths" in _main(page)


def test_a_plain_button_label_is_not_text():
    root = lxml_html.document_fromstring("<html><body><p>Some words here.</p><button><span>Close</span></button>"
                                         "</body></html>")
    assert "Close" not in render(root).text


def test_hidden_elements_render_only_when_asked():
    root = lxml_html.document_fromstring("<html><body><p>Shown line.</p><div hidden><p>Held back line.</p></div>"
                                         "</body></html>")
    assert "Held back" not in render(root).text
    assert "Held back line." in render(root, reveal_hidden=True).text


def _listing(n_posts: int) -> tuple[object, list[str]]:
    """A page of n_posts <article> elements, each one paragraph of the pier story told again, and its texts."""
    posts = [f"Post {i}: " + " ".join(_PARAS) for i in range(n_posts)]
    body = "".join(f"<article><p>{t}</p></article>" for t in posts)
    return lxml_html.document_fromstring(f"<html><body><div>{body}</div></body></html>"), posts


def test_full_extraction_taken_when_the_fast_one_is_a_sliver(monkeypatch):
    from pipelines.core.html import page as page_mod

    root, posts = _listing(1)
    calls = []
    monkeypatch.setattr(page_mod, "_extract", lambda r, fast, **kw: calls.append(fast) or (
        "harbour board voted" if fast else posts[0]))
    text, layout = page_mod.extract_and_render(root)
    assert text == posts[0] and calls == [True, False] and "regatta" in layout.text


def test_full_extraction_not_tried_when_the_fast_one_is_an_article(monkeypatch):
    from pipelines.core.html import page as page_mod

    root, posts = _listing(1)
    calls = []
    monkeypatch.setattr(page_mod, "_extract", lambda r, fast, **kw: calls.append(fast) or posts[0] * 2)
    assert page_mod.extract_and_render(root)[0] == posts[0] * 2 and calls == [True]


def test_full_extraction_not_tried_when_the_page_shows_little_more(monkeypatch):
    from pipelines.core.html import page as page_mod

    root, _ = _listing(1)
    calls = []
    monkeypatch.setattr(page_mod, "_extract", lambda r, fast, **kw: calls.append(fast) or " ".join(_PARAS[:3]))
    page_mod.extract_and_render(root)
    assert calls == [True]


def test_full_extraction_over_several_articles_is_a_listing(monkeypatch):
    from pipelines.core.html import page as page_mod

    root, posts = _listing(4)
    monkeypatch.setattr(page_mod, "_extract", lambda r, fast, **kw: "harbour board voted" if fast else "\n".join(posts))
    assert page_mod.extract_and_render(root)[0] == "harbour board voted"


def test_full_extraction_must_hold_twice_the_words(monkeypatch):
    from pipelines.core.html import page as page_mod

    root, _ = _listing(1)
    monkeypatch.setattr(page_mod, "_extract", lambda r, fast, **kw: _PARAS[0] if fast else _PARAS[0] + " more")
    assert page_mod.extract_and_render(root)[0] == _PARAS[0]


def test_precision_setting_tried_when_the_recall_one_finds_no_more(monkeypatch):
    from pipelines.core.html import page as page_mod

    root, posts = _listing(1)
    seen = []

    def fake(r, fast, favor_recall=True):
        seen.append((fast, favor_recall))
        return "harbour board voted" if fast or favor_recall else posts[0]

    monkeypatch.setattr(page_mod, "_extract", fake)
    assert page_mod.extract_and_render(root)[0] == posts[0]
    assert seen == [(True, True), (False, True), (False, False)]
