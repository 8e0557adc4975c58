"""Feature matrices and labels of every development page, for the text dumps and for the HTML pages.

Cached in train/.cache/{txt,md,html}.npz (features, labels, page of each row) and .pkl (per page: key, domain,
type, gold, each line's text and the current rules' verdict on it), so comparing learners does not re-read
1,497 pages. Run: python -m train.build [--form txt|md|html|all] [--workers 2]
"""

from __future__ import annotations

import argparse
import gzip
import pickle
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from train import corpus
from train.labels import line_labels

# the dump styles each text model learns from. "txt": the BeautifulSoup text dump (the scorer's --as txt). "md",
# for dumps that carry Markdown syntax or a text browser's link marks: that dump and two other scrapers'
# (markdownify's Markdown, inscriptis' laid-out text); a model that has seen a page dumped three ways reads a fourth
# better. html2text, lynx and w3m stay unseen, to measure on (bench.eval_dump_styles)
DUMP_STYLES = {"txt": ("soup",), "md": ("soup", "markdownify", "inscriptis")}
FORMS = ("txt", "md", "html")


def dump(page: corpus.Page, style: str) -> str:
    """The page dumped in one of DUMP_STYLES' styles (the bench's own renderers for the other styles)."""
    if style == "soup":
        return corpus.text_dump(page.key)
    from bench.eval_dump_styles import STYLES

    html = gzip.decompress(corpus.html_payload(page.key)).decode("utf-8", "replace")
    text, _ext = STYLES[style](corpus.scorer())(html)
    return text


def txt_page(item: tuple[corpus.Page, str]) -> dict:
    """Features, labels and the current cleaner's kept lines of one page dumped in one style."""
    from pipelines.core.clean import clean_text
    from pipelines.core.clean.features import text_features
    from pipelines.core.clean.lines import split_lines

    page, style = item
    text = dump(page, style)
    lines = split_lines(text)
    x = text_features(lines)
    y = line_labels(text, page.main_content, [(ln.start, ln.end) for ln in lines])
    kept = np.zeros(len(lines), dtype=bool)
    try:
        res = clean_text(text)
        starts = {ln.core_start: ln.idx for ln in lines} | {ln.start: ln.idx for ln in lines}
        for a in res.articles:
            for p in a.paragraphs:
                for pc in p.pieces:
                    if pc.src_start in starts:
                        kept[starts[pc.src_start]] = True
    except Exception as exc:  # a rules failure leaves the baseline empty for that page, and says so
        print(f"rules failed on {page.key}: {exc}", file=sys.stderr)
    return {"x": x.astype(np.float32), "y": np.asarray(y, dtype=np.float32), "texts": [ln.text for ln in lines],
            "rules": kept}


def analyse_html(payload: bytes):
    """(layout, text lines, extractor scores, rule verdicts, page title) of one HTML page, or None."""
    from pipelines.core.clean.lines import split_lines
    from pipelines.core.html.main import match_extractor, select_main
    from pipelines.core.html.meta import read_meta
    from pipelines.core.html.page import extract_and_render
    from pipelines.core.html.parse import parse_html
    from pipelines.core.ingest.decode import decode_page

    if payload[:2] == b"\x1f\x8b":
        payload = gzip.decompress(payload)
    decoded = decode_page(payload)
    if decoded is None:
        return None
    root = parse_html(decoded.text)
    if root is None:
        return None
    meta = read_meta(root)
    extracted, layout = extract_and_render(root)
    if not layout.lines:
        return None
    verdicts = select_main(layout, extracted, meta.headline_refs)
    scores = match_extractor(layout, extracted)
    lines = split_lines(layout.text, merge_wrapped=False)
    if len(lines) != len(layout.lines):
        raise ValueError(f"{len(lines)} text lines for {len(layout.lines)} layout lines")
    return layout, lines, scores, [v.reason for v in verdicts], meta


def html_page(item: tuple[corpus.Page, str]) -> dict:
    """Features, labels and the current HTML path's kept lines of one page."""
    from pipelines.core.html.features import html_features

    page, _style = item
    got = analyse_html(corpus.html_payload(page.key))
    if got is None:
        return {"x": None, "y": None, "texts": [], "rules": np.zeros(0, dtype=bool)}
    layout, lines, scores, reasons, _meta = got
    x = html_features(layout, lines, scores, reasons)
    y = line_labels(layout.text, page.main_content, [(ln.start, ln.end) for ln in layout.lines])
    return {"x": x.astype(np.float32), "y": np.asarray(y, dtype=np.float32),
            "texts": [layout.text[ln.start:ln.end] for ln in layout.lines],
            "rules": np.array([r is None for r in reasons], dtype=bool)}


def build(form: str, workers: int) -> None:
    """Write train/.cache/<form>.npz and <form>.pkl for every development page (a text form: in each of its
    DUMP_STYLES; each page record has its style)."""
    styles = DUMP_STYLES.get(form, ("html",))
    items = [(p, style) for style in styles for p in corpus.pages("all")]
    fn = html_page if form == "html" else txt_page
    t = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        rows = list(pool.map(fn, items, chunksize=8))
    xs, ys, page_of, meta = [], [], [], []
    for i, ((p, style), r) in enumerate(zip(items, rows, strict=True)):
        meta.append({"key": p.key, "domain": p.domain, "type": p.page_type, "gold": p.main_content,
                     "style": style, "texts": r["texts"], "rules": r["rules"]})
        if r["x"] is None or not len(r["x"]):
            continue
        xs.append(r["x"])
        ys.append(r["y"])
        page_of.append(np.full(len(r["x"]), i, dtype=np.int32))
    corpus.CACHE.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(corpus.CACHE / f"{form}.npz", x=np.vstack(xs), y=np.concatenate(ys),
                        page=np.concatenate(page_of))
    with open(corpus.CACHE / f"{form}.pkl", "wb") as fh:
        pickle.dump(meta, fh)
    print(f"{form}: {len(items)} pages ({', '.join(styles)}), {sum(len(x) for x in xs)} lines in "
          f"{time.perf_counter() - t:.0f}s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--form", choices=[*FORMS, "all"], default="all")
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    for form in (FORMS if a.form == "all" else [a.form]):
        build(form, a.workers)


if __name__ == "__main__":
    main()
