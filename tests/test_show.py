"""`claimtrail show`: a document's page from a real published warehouse, checked as HTML and in headless chromium."""

from pathlib import Path

import dagster as dg
import duckdb
import lxml.html
import pytest

from pipelines import cli
from pipelines.runner import run_pipeline
from tests import browser

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

CLAIM_YELLOW = (0xFF, 0xE1, 0x4D)  # mark.claim in pipelines/pages/document.py


def harbour_night(trap: str) -> str:
    """A short article of our own with hostile markup in its text: scripts, handlers, links to a trap server."""
    script = "<script>document.title='EXECUTED';document.documentElement.setAttribute('data-pwned','1')</script>"
    return "\n\n".join([
        "We use cookies to keep this site running. Accept all | Manage settings",
        f"Cranes back at the harbour after the storm {script}",
        "By Lena Okafor, harbour desk",
        "The port authority said at least 1,200 ships docked in March, up from about 600 a year earlier. "
        f'<img src="{trap}/beacon.png" onerror="document.title=\'EXECUTED\'"> Dock workers & "crane operators" '
        "— 300 of them — went back to work on Monday, the authority's spokesman said.",
        f'<link rel="stylesheet" href="{trap}/style.css"><iframe src="{trap}/frame"></iframe> The night shift 😀 '
        "loaded 45,000 tonnes of grain in 𝔐arch, according to the grain board.",
        "Related: Ferry strike ends after two days",
        "Share on Facebook | Share on X | Email",
    ]) + "\n"


@pytest.fixture(scope="module")
def trap():
    with browser.trap_server() as server:
        yield server


@pytest.fixture(scope="module")
def published(tmp_path_factory, trap) -> Path:
    """Our article and an empty file (quarantined) run through the whole job into a warehouse."""
    folder = tmp_path_factory.mktemp("show")
    (folder / "input").mkdir()
    url = f"http://127.0.0.1:{trap.server_address[1]}"
    (folder / "input" / "harbour-night.txt").write_text(harbour_night(url), encoding="utf-8")
    (folder / "input" / "empty.txt").write_bytes(b"")
    path = folder / "w.duckdb"
    with dg.DagsterInstance.ephemeral() as instance:
        report = run_pipeline(str(folder / "input"), str(path), instance=instance)
    assert report.success, report.errors or report.failed_blocking
    return path


def sql(path: Path, query: str, params=()) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(query, list(params)).fetchall()


def show(capsys, *args) -> tuple[int, str, str]:
    code = cli.main(["show", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_show_writes_the_page_next_to_the_warehouse_and_prints_its_path(published, capsys):
    code, out, err = show(capsys, "harbour-night.txt", "--warehouse", str(published))
    assert code == 0, err
    page = Path(out.strip())
    assert page == published.parent / "pages" / "harbour-night.txt.html" and page.is_file()


def test_show_takes_a_path_ending_with_the_source_file_and_an_out_path(published, capsys, tmp_path):
    code, out, _ = show(capsys, "some/input/harbour-night.txt", "--warehouse", str(published),
                        "--out", str(tmp_path / "p.html"))
    assert code == 0 and Path(out.strip()) == tmp_path / "p.html" and (tmp_path / "p.html").is_file()


def test_an_unknown_source_file_is_one_plain_line_with_close_matches(published, capsys):
    code, out, err = show(capsys, "harbor-night.txt", "--warehouse", str(published))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "harbor-night.txt" in err and "close matches: harbour-night.txt" in err
    assert "Traceback" not in err


def test_a_missing_warehouse_is_one_plain_line(tmp_path, capsys):
    code, _, err = show(capsys, "x.txt", "--warehouse", str(tmp_path / "none.duckdb"))
    assert code == 1 and err.count("\n") == 1 and "no warehouse at" in err
    assert not (tmp_path / "none.duckdb").exists()


def test_a_quarantined_document_page_shows_its_reason_and_text(published, capsys):
    code, out, _ = show(capsys, "empty.txt", "--warehouse", str(published))
    assert code == 0
    root = lxml.html.parse(out.strip()).getroot()
    reason = sql(published, "select quarantine_reason from documents where source_file = 'empty.txt'")[0][0]
    assert reason and reason in root.get_element_by_id("quarantine").text_content()


def test_the_page_holds_every_row_of_the_document(published, capsys):
    _, out, _ = show(capsys, "harbour-night.txt", "--warehouse", str(published))
    root = lxml.html.parse(out.strip()).getroot()
    text = sql(published, "select source_text from documents where source_file = 'harbour-night.txt'")[0][0]
    assert root.get_element_by_id("source").text_content() == text
    surfaces = [s for (s,) in sql(published, "select surface from numeric_claims order by char_start")]
    assert surfaces and [m.text_content() for m in root.cssselect("#source mark.claim")] == surfaces
    reasons = dict(sql(published, "select reason, count(*) from removed_spans group by reason"))
    assert reasons and legend_counts(root) == reasons
    fields = dict(sql(published, "select field, count(*) from metadata_spans group by field"))
    assert {r.get("data-field"): int(r.cssselect("td.n")[0].text_content())
            for r in root.cssselect("#legend tr.field")} == fields


def legend_counts(root) -> dict[str, int]:
    rows = root.cssselect("#legend tr.reason")
    return {r.get("data-reason"): int(r.cssselect("td.n")[0].text_content()) for r in rows}


# in a real browser -------------------------------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(browser.missing_reason() is not None, reason=str(browser.missing_reason()))


@needs_chromium
def test_the_page_in_headless_chromium(published, capsys, trap, tmp_path):
    from PIL import Image

    _, out, _ = show(capsys, "harbour-night.txt", "--warehouse", str(published))
    hits_before = len(trap.hits)
    seen = browser.visit(Path(out.strip()), tmp_path / "chromium")
    root = lxml.html.document_fromstring(seen.dom)
    # the legend lists the reasons with their counts, as the warehouse has them
    assert legend_counts(root) == dict(sql(published, "select reason, count(*) from removed_spans group by reason"))
    # a claim is highlighted with its value, unit and qualifier
    mark = next(m for m in root.cssselect("#source mark.claim") if m.text_content() == "at least 1,200")
    assert mark.get("data-value") == "1,200" and "unit: ships" in mark.get("title")
    assert "qualifier: at_least" in mark.get("title")
    # the document's <script> is text on the page, and did not run
    source = root.get_element_by_id("source").text_content()
    assert "<script>document.title='EXECUTED'" in source and '<img src="http://127.0.0.1:' in source
    assert not root.cssselect("script, img, iframe, link[rel=stylesheet]")
    assert "EXECUTED" not in root.findtext(".//title") and root.get("data-pwned") is None
    # nothing was fetched: no request from the page, none reached the trap server
    assert seen.page_requests == [] and len(trap.hits) == hits_before
    # the screenshot shows the page with its claims highlighted
    image = Image.open(seen.screenshot).convert("RGB")
    assert image.size == (1280, 1600)
    colours = image.getcolors(maxcolors=1 << 20)
    assert sum(n for n, c in colours if all(abs(a - b) <= 8 for a, b in zip(c, CLAIM_YELLOW, strict=True))) > 200
    assert len(colours) > 50  # text, colours, not a blank page


@needs_chromium
def test_the_harness_sees_scripts_run_and_requests_made(trap, tmp_path):
    """The checks above can fail: a page that does run a script and fetch an image is caught by both."""
    url = f"http://127.0.0.1:{trap.server_address[1]}/control.png"
    page = tmp_path / "control.html"
    page.write_text(f'<!doctype html><title>before</title><script>document.title="EXECUTED"</script>'
                    f'<img src="{url}">', encoding="utf-8")
    hits_before = len(trap.hits)
    seen = browser.visit(page, tmp_path / "chromium", size=(400, 300))
    assert "<title>EXECUTED</title>" in seen.dom
    assert url in seen.page_requests and len(trap.hits) > hits_before
