"""Feature matrices and labels of every development page, for the text dumps and for the HTML pages.

Cached in train/.cache/{txt,html}.npz (features, labels, page of each row) and .pkl (per page: key, domain,
type, gold, each line's text and the current rules' verdict on it), so comparing learners does not re-read
1,497 pages. Run: python -m train.build [--form txt|html|both] [--workers 2]
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


def txt_page(page: corpus.Page) -> dict:
    """Features, labels and the current cleaner's kept lines of one text dump."""
    from pipelines.core.clean import clean_text
    from pipelines.core.clean.features import text_features
    from pipelines.core.clean.lines import split_lines

    text = corpus.text_dump(page.key)
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


def html_page(page: corpus.Page) -> dict:
    """Features, labels and the current HTML path's kept lines of one page."""
    from pipelines.core.html.features import html_features

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
    """Write train/.cache/<form>.npz and <form>.pkl for every development page."""
    pages = corpus.pages("all")
    fn = txt_page if form == "txt" else html_page
    t = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        rows = list(pool.map(fn, pages, chunksize=8))
    xs, ys, page_of, meta = [], [], [], []
    for i, (p, r) in enumerate(zip(pages, rows, strict=True)):
        meta.append({"key": p.key, "domain": p.domain, "type": p.page_type, "gold": p.main_content,
                     "texts": r["texts"], "rules": r["rules"]})
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
    print(f"{form}: {len(pages)} pages, {sum(len(x) for x in xs)} lines in {time.perf_counter() - t:.0f}s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--form", choices=["txt", "html", "both"], default="both")
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    for form in (["txt", "html"] if a.form == "both" else [a.form]):
        build(form, a.workers)


if __name__ == "__main__":
    main()
