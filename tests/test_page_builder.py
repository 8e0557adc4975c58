"""The document page builder (pipelines/pages/document.py): escaping, offsets in code points, overlaps, legend."""

import subprocess
import sys

import lxml.html
import pytest

from pipelines.pages.document import format_value, render_document
from pipelines.pages.load import page_name

SOURCE = ("🚢 Harbour <b>news</b> & \"more\"\n\n"
          "Cookies keep this site going. Accept all\n\n"
          "The port handled at least 1,200 ships in 𝔐arch, up from about 600.\n\n"
          "Harbour Review | page 2\n\n"
          "Dock workers 😀 numbered 300, the union said.\n")


def at(text: str, start: int = 0) -> tuple[int, int]:
    i = SOURCE.index(text, start)
    return i, i + len(text)


def rows(source: str = SOURCE):
    p0 = at("The port handled at least 1,200 ships in 𝔐arch, up from about 600.")
    p1 = at("Dock workers 😀 numbered 300, the union said.")
    doc = {"doc_id": "d1", "source_file": "harbour.txt", "source_text": source, "status": "ok",
           "media_type": "text/plain"}
    articles = [{"article_id": "d1:0", "ordinal": 0, "title": "Harbour news", "language": "en", "role": "primary",
                 "char_start": 0, "char_end": len(source)}]
    paragraphs = [
        {"paragraph_id": "d1:0:0", "article_id": "d1:0", "ordinal": 0, "kind": "paragraph",
         "char_start": p0[0], "char_end": p0[1], "pieces": [{"text_start": 0, "src_start": p0[0],
                                                             "length": p0[1] - p0[0]}]},
        {"paragraph_id": "d1:0:1", "article_id": "d1:0", "ordinal": 1, "kind": "paragraph",
         "char_start": p1[0], "char_end": p1[1], "pieces": [{"text_start": 0, "src_start": p1[0], "length": 13},
                                                            {"text_start": 13, "src_start": p1[0] + 13,
                                                             "length": p1[1] - p1[0] - 13}]},
    ]
    removed = [{"char_start": at("Cookies keep this site going. Accept all")[0],
                "char_end": at("Cookies keep this site going. Accept all")[1], "reason": "cookie_banner"},
               {"char_start": at("Harbour Review | page 2")[0], "char_end": at("Harbour Review | page 2")[1],
                "reason": "page_header_footer"}]
    metadata = [{"article_id": "d1:0", "field": "title", "char_start": 0,
                 "char_end": at("🚢 Harbour <b>news</b> & \"more\"")[1], "text": "🚢 Harbour <b>news</b>"}]
    claims = [claim("at least 1,200", 1200, 1200, "at_least", "ships"), claim("about 600", 600, 600, "around"),
              claim("300", 300, 300, None, "dock workers", "the union")]
    return doc, articles, paragraphs, removed, metadata, claims


def claim(surface, low, high, qualifier=None, unit=None, attribution=None):
    s, e = at(surface)
    return {"claim_id": f"d1:{s}-{e}", "article_id": "d1:0", "char_start": s, "char_end": e, "surface": surface,
            "value_low": float(low), "value_high": float(high), "qualifier": qualifier, "unit": unit,
            "attribution": attribution}


def page_of(*parts, **kw):
    return render_document(*parts, **kw)


def tree(page: str):
    return lxml.html.document_fromstring(page)


def source_of(page: str) -> str:
    return tree(page).get_element_by_id("source").text_content()


def test_the_source_block_is_the_source_text_code_point_for_code_point():
    page = page_of(*rows())
    assert source_of(page) == SOURCE


def test_claims_are_marked_at_code_point_offsets_past_non_bmp_characters():
    page = page_of(*rows())
    marks = tree(page).cssselect("#source mark.claim")
    assert [m.text_content() for m in marks] == ["at least 1,200", "about 600", "300"]
    assert [m.get("data-value") for m in marks] == ["1,200", "600", "300"]
    assert "unit: ships" in marks[0].get("title") and "qualifier: at_least" in marks[0].get("title")
    assert "attribution: the union" in marks[2].get("title")


def test_claims_are_listed_with_value_unit_qualifier_and_attribution():
    page = page_of(*rows())
    cells = [[td.text_content() for td in tr.cssselect("td")] for tr in tree(page).cssselect("#claims tr.claim-row")]
    assert cells[0] == ["at least 1,200", "1,200", "ships", "at_least", "null"]
    assert cells[2] == ["300", "300", "dock workers", "null", "the union"]
    assert [a.get("href") for a in tree(page).cssselect("#claims a")] == ["#c0", "#c1", "#c2"]
    assert tree(page).get_element_by_id("c0").text_content() == "at least 1,200"


HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def test_hostile_text_and_values_are_escaped_everywhere():
    doc, articles, paragraphs, removed, metadata, claims = rows(SOURCE)
    doc = {**doc, "source_file": f"{HOSTILE}.txt", "quarantine_reason": None, "encoding": HOSTILE}
    articles = [{**articles[0], "title": HOSTILE, "byline": HOSTILE, "language": HOSTILE}]
    removed = [{**removed[0], "reason": HOSTILE}, removed[1]]
    metadata = [{**metadata[0], "field": HOSTILE, "text": HOSTILE}]
    claims = [{**c, "unit": HOSTILE, "attribution": HOSTILE, "qualifier": HOSTILE} for c in claims]
    text = SOURCE + HOSTILE + "\n</div></body><script>alert(3)</script>\n"
    page = page_of({**doc, "source_text": text}, articles, paragraphs, removed, metadata, claims)
    assert "<script" not in page.lower() and "<img" not in page.lower()
    root = tree(page)
    assert not root.cssselect("script, img, iframe, link, object, embed")
    assert not [a for el in root.iter() for a in el.attrib if a.lower().startswith("on")]
    assert source_of(page) == text
    assert [r.get("data-reason") for r in root.cssselect("#legend tr.reason")][-1:] != []
    assert HOSTILE in {r.get("data-reason") for r in root.cssselect("#legend tr.reason")}


def test_the_page_is_offline_and_script_free():
    page = page_of(*rows())
    root = tree(page)
    csp = root.cssselect('meta[http-equiv="Content-Security-Policy"]')[0].get("content")
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert all(a.get("href", "").startswith("#") for a in root.cssselect("a"))
    assert not root.cssselect("[src]") and "@import" not in page and "url(" not in page
    assert "http://" not in page and "https://" not in page


def test_legend_counts_spans_and_characters_per_reason_and_field():
    page = page_of(*rows())
    root = tree(page)
    legend = {r.get("data-reason"): [td.text_content() for td in r.cssselect("td.n")]
              for r in root.cssselect("#legend tr.reason")}
    assert legend == {"page_header_footer": ["1", "23"], "cookie_banner": ["1", "40"]}
    fields = {r.get("data-field"): r.cssselect("td.n")[0].text_content() for r in root.cssselect("#legend tr.field")}
    assert fields == {"title": "1"}
    # the biggest removal first
    assert [r.get("data-reason") for r in root.cssselect("#legend tr.reason")] == ["cookie_banner",
                                                                                  "page_header_footer"]


def test_a_paragraph_made_of_pieces_is_kept_in_each_and_marked_once():
    page = page_of(*rows())
    root = tree(page)
    starts = root.cssselect("#source .ps")
    assert [s.get("data-p") for s in starts] == ["0", "1"]
    kept = "".join(el.text_content() for el in root.cssselect("#source .k"))
    assert "Dock workers 😀 numbered 300, the union said." in kept


def test_overlapping_spans_are_drawn_once_each_and_flagged():
    doc, articles, paragraphs, removed, metadata, claims = rows()
    cookie = at("Cookies keep this site going. Accept all")
    removed = [*removed, {"char_start": cookie[0] + 8, "char_end": cookie[1] + 30, "reason": "navigation"},
               {"char_start": cookie[0], "char_end": cookie[1], "reason": "cookie_banner"}]
    page = page_of(doc, articles, paragraphs, removed, metadata, claims)
    root = tree(page)
    assert source_of(page) == SOURCE  # every character once, however the spans overlap
    flagged = "".join(el.text_content() for el in root.cssselect("#source .ov"))
    assert flagged.startswith("Cookies keep this site going. Accept all")  # twice: the same span twice
    assert "The port" in flagged  # the navigation span reaches into the kept paragraph
    legend = {r.get("data-reason"): r.cssselect("td.n")[0].text_content() for r in root.cssselect("#legend tr.reason")}
    assert legend["cookie_banner"] == "2" and legend["navigation"] == "1"


def test_the_sweep_makes_at_most_one_element_per_piece_between_boundaries():
    parts = rows()
    page = page_of(*parts)
    spans = sum(len(p["pieces"]) for p in parts[2]) + len(parts[3]) + len(parts[4]) + len(parts[5])
    children = tree(page).get_element_by_id("source").getchildren()
    assert len([c for c in children if "ah" not in c.get("class", "")]) <= 2 * spans + 1


def test_spans_outside_the_text_are_counted_not_drawn():
    doc, articles, paragraphs, removed, metadata, claims = rows()
    bad = [{"char_start": 5, "char_end": 2, "reason": "navigation"},
           {"char_start": None, "char_end": 4, "reason": "navigation"},
           {"char_start": len(SOURCE) + 5, "char_end": len(SOURCE) + 9, "reason": "footer"}]
    page = page_of(doc, articles, paragraphs, removed + bad, metadata, claims)
    assert "3 span(s) with offsets outside the text or empty were not drawn" in page
    assert source_of(page) == SOURCE


def test_a_span_past_the_end_is_cut_at_the_end():
    doc, *_ = rows()
    page = page_of(doc, removed=[{"char_start": len(SOURCE) - 5, "char_end": len(SOURCE) + 50, "reason": "footer"}])
    assert tree(page).cssselect("#source .rm")[0].text_content() == SOURCE[-5:]


def test_characters_in_no_span_are_shown_and_counted():
    doc, *_ = rows()
    page = page_of(doc)
    root = tree(page)
    nonblank = len("".join(SOURCE.split()))
    assert f'<td class="n">{nonblank}</td></tr>' in page and root.cssselect("#source .u")


def test_a_quarantined_document_shows_its_reason_and_its_text():
    doc = {"doc_id": "q1", "source_file": "odd.txt", "source_text": "Binary-ish <junk> text",
           "status": "quarantined", "quarantine_reason": "mostly control characters <0x00>"}
    page = page_of(doc)
    banner = tree(page).get_element_by_id("quarantine").text_content()
    assert "Quarantined" in banner and "mostly control characters <0x00>" in banner
    assert source_of(page) == "Binary-ish <junk> text"


def test_a_document_without_text_says_so():
    page = page_of({"doc_id": "q2", "source_file": "empty.txt", "source_text": None, "status": "quarantined",
                    "quarantine_reason": "empty file"})
    assert "No source text" in page and source_of(page) == ""


def test_control_characters_become_control_pictures_one_for_one():
    text = "a\x00b\x1bc\rd\x7fe\ud800f\tg\n"
    page = page_of({"doc_id": "c", "source_file": "c.txt", "source_text": text},
                   removed=[{"char_start": 3, "char_end": 5, "reason": "markup"}])
    shown = source_of(page)
    assert shown == "a\u2400b\u241bc\u240dd\u2421e\ufffdf\tg\n" and len(shown) == len(text)
    page.encode("utf-8")  # a lone surrogate never reaches the file


def test_article_headers_stand_where_each_article_starts():
    text = "First story.\nIts body.\nSecond story.\nIts body too.\n"
    second = text.index("Second")
    articles = [{"ordinal": 0, "title": "First <story>", "char_start": 0, "char_end": second},
                {"ordinal": 1, "title": None, "language": "it", "role": "translation",
                 "translation_of": "d:0", "char_start": second, "char_end": len(text)}]
    page = page_of({"doc_id": "d", "source_file": "two.txt", "source_text": text}, articles)
    root = tree(page)
    heads = root.cssselect("#source .ah")
    assert [h.get("data-h") for h in heads] == ["Article 0 — First <story>",
                                                "Article 1 — (untitled) (it, translation, translation of d:0)"]
    for head in heads:
        head.text = "§"
    assert root.get_element_by_id("source").text_content() == f"§{text[:second]}§{text[second:]}"


@pytest.mark.parametrize(("low", "high", "shown"), [
    (120.0, 120.0, "120"), (180.0, 200.0, "180–200"), (4.5, 4.5, "4.5"), (2400000.0, 2400000.0, "2,400,000"),
    (0.25, 0.25, "0.25"), (None, None, "?"), (1.5e9, 1.5e9, "1,500,000,000"), (12.75, 15.0, "12.75–15"),
    (2450000.5, 2450000.5, "2,450,000.5"),
])
def test_values_are_shown_as_people_write_them(low, high, shown):
    assert format_value(low, high) == shown


def test_page_names_are_safe_and_distinct():
    names = {page_name(n) for n in ("a/b.txt", "a_b.txt", "a b.txt", "../up.txt", "x" * 400 + ".txt")}
    assert len(names) == 5
    assert all("/" not in n and not n.startswith(".") and len(n) < 160 and n.endswith(".html") for n in names)
    assert page_name("000_b941dce12b4c1646.txt") == "000_b941dce12b4c1646.txt.html"


def test_the_builder_imports_neither_dagster_nor_duckdb_and_the_reader_no_dagster():
    probe = ("import sys, pipelines.pages.document as d; bad = {'dagster', 'duckdb'} & set(sys.modules); "
             "import pipelines.pages.load; bad |= {'dagster'} & set(sys.modules); print(sorted(bad))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]"
