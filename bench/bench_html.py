"""Side-by-side HTML extraction benchmark: claimtrail's page reader against trafilatura on the AEB pages.

Usage: python bench/bench_html.py [--aeb /work/shared/bench/aeb] [--repeat 3]

Extraction only, one process. Pages are read and gunzipped before the clocks start; claimtrail is timed from
raw bytes (decoding included), trafilatura from the UTF-8 text the AEB scorer hands it. The clock is this
process's CPU time, so other work on a shared machine does not tilt the comparison; runs alternate and the
best of --repeat runs is reported for each. claimtrail's article
text is its main spans joined by newlines, scored with the AEB metric (../shared/eval/aeb_score.py).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from pipelines.core.ingest import read_page  # noqa: E402


def _scorer(path: Path):
    spec = importlib.util.spec_from_file_location("aeb_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _page_text(payload: bytes) -> str:
    page = read_page(payload)
    if page is None:
        return ""
    return "\n".join(page.source_text[s:e] for s, e in page.main_spans)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--aeb", default="/work/shared/bench/aeb")
    ap.add_argument("--scorer", default="/work/shared/eval/aeb_score.py")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    aeb = Path(args.aeb)
    score = _scorer(Path(args.scorer))
    truth = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    raw: dict[str, bytes] = {}
    for f in sorted((aeb / "html_gz").iterdir()):
        data = f.read_bytes()
        raw[score.page_id(f.name)] = gzip.decompress(data) if f.name.endswith(".gz") else data
    text = {k: v.decode("utf-8", errors="replace") for k, v in raw.items()}

    best = {"claimtrail": float("inf"), "trafilatura": float("inf")}
    wall = dict(best)
    preds: dict[str, dict[str, str]] = {}
    runs = {
        "claimtrail": lambda: {k: _page_text(v) for k, v in raw.items()},
        "trafilatura": lambda: {k: trafilatura.extract(v, include_comments=False) or "" for k, v in text.items()},
    }
    for _ in range(args.repeat):
        for name, run in runs.items():
            cpu, clock = time.process_time(), time.perf_counter()
            preds[name] = run()
            best[name] = min(best[name], time.process_time() - cpu)
            wall[name] = min(wall[name], time.perf_counter() - clock)

    parts = []
    for name in ("claimtrail", "trafilatura"):
        pred = preds[name]
        counts = [score.page_counts(truth[k].get("articleBody", ""), pred.get(k, "")) for k in truth]
        p, r, f = score.metrics(counts)
        empty = sum(1 for k in truth if not pred.get(k, "").strip())
        speed = len(raw) / best[name]
        parts.append(f"{name} {speed:.1f} pages/s F1 {f:.3f} (P {p:.3f} R {r:.3f} empty {empty})")
    print("html: " + ", ".join(parts))
    print(f"(CPU time, best of {args.repeat}; wall clock: claimtrail {len(raw) / wall['claimtrail']:.1f} pages/s, "
          f"trafilatura {len(raw) / wall['trafilatura']:.1f} pages/s)")


if __name__ == "__main__":
    main()
