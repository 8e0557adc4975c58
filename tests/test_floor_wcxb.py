"""WCXB-dev article pages (793 real pages from 1,295 sites) published as HTML, as text dumps, as Markdown dumps and
as two text browsers' dumps no model learnt from (`w3m -dump`, `lynx -dump`) never score below the last release: F1,
the share of pages cut into one article, and the share quarantined (tests/floors.json)."""

import json
import re
import shutil
import subprocess
import sys

import dagster as dg
import duckdb
import pytest

from tests.conftest import FIGURES, ROOT, SHARED

pytestmark = pytest.mark.e2e

FLOORS = json.loads((ROOT / "tests" / "floors.json").read_text())
SCORER = SHARED / "eval" / "wcxb_score.py"
_FIELD = re.compile(r"(\w+)=([\d.]+)")


def _one_article_share(path, pages: float) -> float:
    """The share of all pages that published exactly one article (an empty or quarantined page counts against)."""
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute("select count(*) from articles group by source_file").fetchall()
    return sum(1 for (n,) in rows if n == 1) / max(1.0, pages)


def _as_markdown(html_dir, out_dir) -> None:
    """Each page as a scraper's Markdown dump (markdownify: links, images, headings and lists in Markdown, menus
    and footers kept), <id>.md: read by the md text model, which learnt this style on the tuning sites' pages."""
    import gzip

    from bench.eval_dump_styles import markdown_dump

    out_dir.mkdir()
    dump = markdown_dump()
    for page in sorted(html_dir.glob("*.html.gz")):
        html = gzip.decompress(page.read_bytes()).decode("utf-8", "replace")
        (out_dir / page.name.replace(".html.gz", ".md")).write_text(dump(html), encoding="utf-8")


def _as_browser_dump(html_dir, out_dir, style: str) -> None:
    """Each page as a text browser dumps it (bench.eval_dump_styles: laid out, wrapped, links numbered or not),
    <id>.txt: a style no text model learnt from, so its figures tell how the cleaner holds on a scraper's own."""
    import gzip

    from bench.eval_dump_styles import STYLES

    out_dir.mkdir()
    dump = STYLES[style](None)
    for page in sorted(html_dir.glob("*.html.gz")):
        text, ext = dump(gzip.decompress(page.read_bytes()).decode("utf-8", "replace"))
        (out_dir / page.name.replace(".html.gz", ext)).write_text(text, encoding="utf-8")


# the forms published: the scorer's own (html, txt), and dumps of its HTML made here
DUMPED = {"md": _as_markdown, "w3m": lambda h, o: _as_browser_dump(h, o, "w3m"),
          "lynx": lambda h, o: _as_browser_dump(h, o, "lynx")}


@pytest.fixture(scope="module", params=["html", "txt", "md", "w3m", "lynx"])
def wcxb(request, tmp_path_factory) -> tuple[str, dict[str, float]]:
    if not SCORER.exists():
        pytest.skip("../shared/eval/wcxb_score.py is not beside the repo")
    from pipelines.runner import run_pipeline

    form = request.param
    if form in ("w3m", "lynx") and shutil.which(form) is None:
        pytest.skip(f"{form} is not installed (.ci/run installs Debian's)")
    base = tmp_path_factory.mktemp(f"wcxb_{form}")
    pages, path = base / "pages", base / "wcxb.duckdb"
    dumped = form in DUMPED
    subprocess.run([sys.executable, str(SCORER), "prepare", str(base / "html" if dumped else pages),
                    "--as", "html" if dumped else form], capture_output=True, text=True, check=True)
    if dumped:
        DUMPED[form](base / "html", pages)
    with dg.DagsterInstance.ephemeral() as inst:
        report = run_pipeline(str(pages), str(path), instance=inst)
    assert report.success, report.errors or report.failed_blocking
    out = subprocess.run([sys.executable, str(SCORER), "score", str(path)],
                         capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("WCXB-dev"))
    fields = {k: float(v) for k, v in _FIELD.findall(line)}
    fields["one_article"] = _one_article_share(path, fields["pages"])
    fields["quarantined_share"] = fields["quarantined"] / fields["pages"]
    FIGURES.append(f"{form}: {line} one_article={fields['one_article']:.3f}")
    return form, fields


def test_wcxb_f1_floor(wcxb):
    form, got = wcxb
    floor = FLOORS[f"wcxb_{form}_f1"]
    assert got["f1"] >= floor, f"WCXB-dev {form} F1 fell to {got['f1']} (floor {floor})"


def test_wcxb_one_article_floor(wcxb):
    form, got = wcxb
    floor = FLOORS[f"wcxb_{form}_one_article"]
    assert got["one_article"] >= floor, f"WCXB-dev {form}: one article on {got['one_article']:.3f} of pages ({floor})"


def test_wcxb_quarantine_ceiling(wcxb):
    form, got = wcxb
    ceiling = FLOORS[f"wcxb_{form}_quarantined_max"]
    assert got["quarantined_share"] <= ceiling, f"WCXB-dev {form}: {got['quarantined']:.0f} pages quarantined"
