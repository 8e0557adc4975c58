"""Core-level check of the text cleaner on the WCXB dev text dumps: one-article share, F1, output checksum.

Usage: python -m bench.eval_text [--sites heldout|train|all] [--checksum 200] [--profile 100] [--show]

--sites heldout (default) scores the article pages of the 30 % of sites train/ holds out (seed 13), the
figures to tune against; the kept text of a page is its articles' bodies joined, as the WCXB scorer reads the
warehouse. --checksum N prints a SHA-256 of clean_text's whole output (articles, metadata, removed spans) over
the first N dumps, to show a speed change leaves the output identical. --profile N runs cProfile over N dumps.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _pages(sites: str):
    from train import corpus

    return corpus.article_pages(sites)


def fingerprint(result) -> str:
    """Everything clean_text decided, as one string."""
    parts = []
    for a in result.articles:
        parts.append(repr((a.ordinal, a.language, a.title, a.subtitle, a.byline, a.published_date, a.role,
                           a.translation_of, a.char_start, a.char_end)))
        parts.extend(repr((p.kind, p.text, p.char_start, p.char_end, [(x.text_start, x.src_start, x.length)
                                                                       for x in p.pieces])) for p in a.paragraphs)
        parts.extend(repr((m.field, m.char_start, m.char_end)) for m in a.metadata_spans)
    parts.extend(repr((r.char_start, r.char_end, r.reason)) for r in result.removed)
    parts.append(repr(result.quarantine_reason))
    return "\n".join(parts)


def checksum(n: int, dumps: Path) -> None:
    from pipelines.core.clean import clean_text

    h = hashlib.sha256()
    files = sorted(dumps.glob("*.txt"))[:n]
    for f in files:
        h.update(fingerprint(clean_text(f.read_text(encoding="utf-8"))).encode("utf-8", "surrogatepass"))
    print(f"checksum over {len(files)} dumps: {h.hexdigest()}")


def profile(n: int, dumps: Path) -> None:
    import cProfile
    import pstats

    from pipelines.core.clean import clean_text

    texts = [f.read_text(encoding="utf-8") for f in sorted(dumps.glob("*.txt"))[:n]]
    clean_text(texts[0])
    pr = cProfile.Profile()
    pr.enable()
    for t in texts:
        clean_text(t)
    pr.disable()
    pstats.Stats(pr).sort_stats("cumulative").print_stats(45)
    pstats.Stats(pr).sort_stats("tottime").print_stats(30)


def evaluate(sites: str, dumps: Path, show: bool) -> None:
    from pipelines.core.clean import clean_text
    from train import corpus

    prf = corpus.scorer().prf
    pages = _pages(sites)
    f1s, ps, rs, counts = [], [], [], []
    for p in pages:
        f = dumps / f"{p.key}.txt"
        if not f.exists():
            continue
        r = clean_text(f.read_text(encoding="utf-8"))
        arts = [] if r.quarantine_reason else r.articles
        pred = "\n".join(a.body for a in arts)
        f1, pr, rc = prf(pred, p.main_content)
        f1s.append(f1)
        ps.append(pr)
        rs.append(rc)
        counts.append(len(arts))
        if show and len(arts) != 1:
            print(f"  {p.key} {p.domain}: {len(arts)} articles, f1={f1:.3f}")
    n = len(counts)
    one = sum(1 for c in counts if c == 1)
    print(f"text dumps, {sites} sites: {n} pages, one article {one}/{n} = {100 * one / n:.1f} %, "
          f"none {sum(1 for c in counts if c == 0)}, articles {sum(counts)}; "
          f"F1 {statistics.mean(f1s):.4f} (P {statistics.mean(ps):.4f}, R {statistics.mean(rs):.4f})")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dumps", type=Path, default=Path("/work/data/wcxb-txt"))
    ap.add_argument("--sites", choices=["heldout", "train", "all"], default="heldout")
    ap.add_argument("--checksum", type=int, default=0)
    ap.add_argument("--profile", type=int, default=0)
    ap.add_argument("--show", action="store_true")
    a = ap.parse_args(argv)
    if a.checksum:
        checksum(a.checksum, a.dumps)
    elif a.profile:
        profile(a.profile, a.dumps)
    else:
        evaluate(a.sites, a.dumps, a.show)


if __name__ == "__main__":
    main(sys.argv[1:])
