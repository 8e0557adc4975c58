"""Text cleaner speed on full-page text dumps, beside jusText on the same dumps, in the same run.

Usage: python bench/bench_clean_text.py [--dumps /work/data/wcxb-txt] [--limit 200] [--repeat 2]

One process, one core: the dumps are read before the clocks start; claimtrail is clean_text (the rules and
the line model), jusText 3 is justext.justext on the dump with each line as a paragraph (English stop
words). The clock is this process's CPU time, runs alternate and the best of --repeat is reported, so other
work on a shared machine tilts neither side. Prints pages/s, MB/s and the ratio (goal: >= 4x jusText,
>= 100 pages/s). Without the dumps (make them with wcxb_score.py prepare --as txt) it says so and stops.
"""

from __future__ import annotations

import argparse
import html
import os
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DUMPS = Path(os.environ.get("CLAIMTRAIL_WCXB_TXT", "/work/data/wcxb-txt"))
GOALS = "goals: claimtrail >= 100 pages/s per core and >= 4x jusText on the same dumps"


def as_html(text: str) -> str:
    """A dump as the HTML jusText reads: one <p> per line."""
    return "<html><body>" + "".join(f"<p>{html.escape(ln)}</p>" for ln in text.splitlines() if ln.strip()) + \
        "</body></html>"


def best_of(runs: dict, repeat: int) -> dict[str, float]:
    """The least CPU time of each run over `repeat` rounds, the runs alternating within a round."""
    best = {name: float("inf") for name in runs}
    for _ in range(max(1, repeat)):
        for name, run in runs.items():
            cpu = time.process_time()
            run()
            best[name] = min(best[name], time.process_time() - cpu)
    return best


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dumps", type=Path, default=DUMPS)
    ap.add_argument("--limit", type=int, default=int(os.environ.get("CLAIMTRAIL_BENCH_DUMPS", "200")))
    ap.add_argument("--repeat", type=int, default=2)
    a = ap.parse_args(argv if argv is not None else [])
    files = sorted(a.dumps.glob("*.txt"))[: a.limit] if a.dumps.is_dir() else []
    if not files:
        print(f"clean-text bench: no dumps in {a.dumps} (skipped)")
        return
    try:
        import justext
    except ImportError:
        print("clean-text bench: jusText is not installed (pip install -e '.[dev]'); skipped")
        return
    from pipelines.core.clean import clean_text
    from pipelines.core.clean.features import forget

    texts = [f.read_text(encoding="utf-8") for f in files]
    pages = [as_html(t) for t in texts]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    stop = justext.get_stoplist("English")
    clean_text(texts[0])   # load the model and the tables before the clock

    def claimtrail() -> None:
        forget()   # every run measures its lines anew: a run is not helped by the one before it
        for t in texts:
            clean_text(t)

    runs = {
        "claimtrail": claimtrail,
        "jusText": lambda: [justext.justext(p, stop) for p in pages],
    }
    best = best_of(runs, a.repeat)
    rate = {name: len(texts) / secs for name, secs in best.items()}
    print(f"clean-text bench: {len(texts)} dumps, {mb:.1f} MB, CPU time, best of {a.repeat}")
    for name in runs:
        print(f"  {name:11} {rate[name]:7.1f} pages/s  {mb / best[name]:5.2f} MB/s")
    print(f"  ratio claimtrail/jusText {rate['claimtrail'] / rate['jusText']:.2f}x   ({GOALS})")
    _walks(texts[:50], a.repeat)
    _scans(texts, a.repeat)


def _scans(texts: list[str], repeat: int) -> None:
    """The two line scans (split and measure every physical line) on the same dumps, CPU time, best of repeat."""
    from pipelines.core.clean import lines

    if lines.SCAN != "c":
        print("  line scan: python only (no compiled scan to compare)")
        return
    best = best_of({"c": lambda: [lines._scan_c(t, lines._SCAN_SETS) for t in texts],
                    "python": lambda: [lines._scan_py(t) for t in texts]}, repeat)
    print(f"  line scan ({len(texts)} dumps): compiled {len(texts) / best['c']:,.0f} pages/s, "
          f"python {len(texts) / best['python']:,.0f} pages/s, {best['python'] / best['c']:.1f}x")


def _walks(texts: list[str], repeat: int) -> None:
    """The line model's two tree walks on the same feature rows (the dumps' first pass), CPU time, best of repeat."""
    from pipelines.core.clean.features import text_features
    from pipelines.core.clean.lines import split_lines
    from pipelines.core.model import loader

    model = loader.load("txt")
    if model is None or model.first.kind != "trees" or loader.WALK != "c":
        print(f"  tree walk: {loader.WALK} only (no compiled walk to compare)")
        return
    rows = [text_features(split_lines(t)) for t in texts]
    n = sum(len(x) for x in rows)
    best = best_of({"c": lambda: [model.first._trees_c(x) for x in rows],
                    "numpy": lambda: [model.first._trees(x) for x in rows]}, repeat)
    print(f"  tree walk ({len(model.first.feature)} trees, {n:,} lines): compiled {n / best['c']:,.0f} lines/s, "
          f"numpy {n / best['numpy']:,.0f} lines/s, {best['numpy'] / best['c']:.1f}x")


if __name__ == "__main__":
    main(sys.argv[1:])
