"""The text cleaner on WCXB-dev article pages dumped in several styles, some of which no text model learnt from.

Usage: python -m bench.eval_dump_styles [--sites heldout|train|all] [--styles soup,markdownify,...] [--limit N]

Each page's HTML is dumped as a scraper would (BeautifulSoup text, the txt model's style; markdownify, unwrapped or
wrapped at 80 columns; and, when installed, html2text with inline or reference-style links, inscriptis,
`lynx -dump`, `w3m -dump`, a headless chromium's innerText), cleaned by clean() as a .md or .txt file, and scored
with the WCXB scorer's word F1 (the articles' bodies joined). Prints F1 and the one-article share per style. A style
whose tool is missing is skipped and says so. --sites heldout (default): the 30 % of sites train/ holds out,
never trained on.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _soup(html: str):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    return soup


def markdown_dump(wrap: bool = False):
    """A page's HTML as markdownify dumps it (ATX headings, "*" bullets; wrapped at 80 columns or not): html -> text.
    The WCXB floor test's Markdown dumps are these."""
    from markdownify import MarkdownConverter

    options = {"heading_style": "ATX", "bullets": "*"} | ({"wrap": True, "wrap_width": 80} if wrap else {})
    convert = MarkdownConverter(**options)
    return lambda html: convert.convert_soup(_soup(html))


def _markdownify(wrap: bool):
    dump = markdown_dump(wrap)
    return lambda html: (dump(html), ".md")


def _html2text(reference_links: bool, width: int = 0):
    import html2text

    def dump(html: str) -> tuple[str, str]:
        h = html2text.HTML2Text()
        h.body_width, h.inline_links = width, not reference_links
        return h.handle(html), ".md"
    return dump


def _browser(cmd: list[str]):
    def dump(html: str) -> tuple[str, str]:
        out = subprocess.run(cmd, input=html.encode("utf-8"), capture_output=True, timeout=60, check=False)
        return out.stdout.decode("utf-8", "replace"), ".txt"
    return dump


# read after load: the body's innerText (what a headless-browser scraper takes) put in a <pre> that --dump-dom prints
_INNER_TEXT = ("<script>addEventListener('load',()=>{const t=document.body?document.body.innerText:'';"
               "const p=document.createElement('pre');p.id='claimtrail-inner-text';p.textContent=t;"
               "document.documentElement.replaceChildren(p)})</script>")
_CHROMIUM = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--virtual-time-budget=3000", "--timeout=30000",
             "--host-resolver-rules=MAP * ~NOTFOUND")


def _inner_text():
    """Debian's chromium, driven by its own switches (no driver library), nothing fetched: the page's innerText."""
    binary = shutil.which("chromium")
    if binary is None:
        return None
    from lxml import html as lxml_html

    def dump(html: str) -> tuple[str, str]:
        with tempfile.TemporaryDirectory() as tmp:
            page = Path(tmp) / "page.html"
            # the file is written in UTF-8, and says so first (a later <meta charset> does not override the first)
            page.write_text('<meta charset="utf-8">' + html + _INNER_TEXT, encoding="utf-8")
            try:
                out = subprocess.run([binary, *_CHROMIUM, f"--user-data-dir={tmp}/profile", "--dump-dom",
                                      page.as_uri()], capture_output=True, timeout=90, check=False).stdout
            except subprocess.TimeoutExpired:
                out = b""   # a page whose scripts never let the browser stop: a scraper gets nothing either
        dom = lxml_html.fromstring(out.decode("utf-8", "replace") or "<p></p>")
        found = dom.xpath("//pre[@id='claimtrail-inner-text']")
        return (found[0].text_content() if found else ""), ".txt"
    return dump


def _inscriptis():
    import inscriptis

    return lambda html: (inscriptis.get_text(html), ".txt")


STYLES = {
    "soup": lambda score: (lambda html: (score.text_dump(html), ".txt")),
    "markdownify": lambda score: _markdownify(False),
    "markdownify-wrapped": lambda score: _markdownify(True),
    "html2text": lambda score: _html2text(False),
    "html2text-wrapped": lambda score: _html2text(False, 78),
    "html2text-references": lambda score: _html2text(True),
    "inscriptis": lambda score: _inscriptis(),
    "lynx": lambda score: _browser(["lynx", "-dump", "-stdin", "-width=100", "-assume_charset=utf-8",
                                    "-display_charset=utf-8"]) if shutil.which("lynx") else None,
    "w3m": lambda score: _browser(["w3m", "-dump", "-T", "text/html", "-cols", "100", "-I", "utf-8", "-O",
                                   "utf-8"]) if shutil.which("w3m") else None,
    "chromium-innertext": lambda score: _inner_text(),
}


def run(style: str, pages, score) -> str:
    """One line: the style's F1, precision, recall and one-article share over the pages."""
    from pipelines.core.clean import clean
    from pipelines.core.ingest.read import read_document

    try:
        dump = STYLES[style](score)
    except ImportError as exc:
        return f"  {style:22} skipped: {exc.name} is not installed"
    if dump is None:
        return f"  {style:22} skipped: its program is not installed"
    rows, one = [], 0
    for page in pages:
        text, ext = dump(score.html_of(page.key))
        result = clean(read_document(text.encode("utf-8"), page.key + ext))
        rows.append(score.prf("\n".join(a.body for a in result.articles), page.main_content))
        one += len(result.articles) == 1
    f, p, r = (statistics.mean(x[i] for x in rows) for i in range(3))
    return f"  {style:22} f1={f:.3f} precision={p:.3f} recall={r:.3f} one_article={one / len(rows):.3f}"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sites", choices=["heldout", "train", "all"], default="heldout")
    ap.add_argument("--styles", default=",".join(STYLES))
    ap.add_argument("--limit", type=int, default=0)
    a = ap.parse_args(argv)
    from train import corpus

    if not corpus.SCORER.exists():
        print(f"dump styles: {corpus.SCORER} is not beside the repo (skipped)")
        return
    pages = corpus.article_pages(a.sites)[: a.limit or None]
    score = corpus.scorer()
    print(f"dump styles: {len(pages)} WCXB-dev article pages ({a.sites} sites), clean() per page")
    for style in a.styles.split(","):
        print(run(style, pages, score), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
