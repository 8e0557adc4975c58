"""Core-level check of the HTML path on the WCXB dev article pages: per-page F1, empty pages, one-article share.

Usage: python -m bench.eval_html [--sites heldout|train|all] [--workers 2] [--csv FILE] [--worst 20]

Runs read_document + clean(document) on each page's gzipped bytes (no Dagster, no warehouse), joins the articles'
bodies as the WCXB scorer reads the warehouse, and scores them with the scorer's own prf. --sites heldout scores
the 30 % of sites train/ holds out (seed 13), the figures to report beside the tuning ones.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _pages(sites: str):
    from train import corpus

    return corpus.article_pages(sites)


def page_output(key: str) -> tuple[str, int, str | None]:
    """(the page's published text, its number of articles, its quarantine reason) through the pure core."""
    from pipelines.core.clean import clean
    from pipelines.core.ingest.read import read_document
    from train import corpus

    doc = read_document(corpus.html_payload(key), f"{key}.html.gz")
    if doc.quarantine_reason:
        return "", 0, doc.quarantine_reason
    res = clean(doc)
    bodies = ["\n\n".join(p.text for p in a.paragraphs) for a in res.articles]
    return "\n".join(bodies).strip(), len(res.articles), (None if res.articles else res.quarantine_reason)


def main() -> None:
    from train import corpus

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sites", choices=["heldout", "train", "all"], default="all")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--csv")
    ap.add_argument("--worst", type=int, default=0)
    a = ap.parse_args()
    pages = _pages(a.sites)
    prf = corpus.scorer().prf
    with ProcessPoolExecutor(a.workers) as pool:
        outs = list(pool.map(page_output, [p.key for p in pages], chunksize=4))
    rows = []
    for p, (text, n, why) in zip(pages, outs, strict=True):
        f, pr, rc = prf(text, p.main_content)
        rows.append((p.key, p.domain, f, pr, rc, n, why))
    mean = lambda i: statistics.mean(r[i] for r in rows)  # noqa: E731
    empty = sum(1 for r in rows if r[5] == 0)
    one = sum(1 for r in rows if r[5] == 1) / len(rows)
    print(f"html core sites={a.sites} pages={len(rows)} empty={empty} f1={mean(2):.4f} precision={mean(3):.4f} "
          f"recall={mean(4):.4f} one_article={one:.3f}")
    if a.csv:
        with open(a.csv, "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["key", "domain", "f1", "precision", "recall", "articles", "quarantine"])
            w.writerows(rows)
    for r in sorted(rows, key=lambda r: r[2])[: a.worst]:
        print(f"  {r[0]} {r[1]:30} f1={r[2]:.3f} p={r[3]:.3f} r={r[4]:.3f} n={r[5]} {r[6] or ''}")


if __name__ == "__main__":
    main()
