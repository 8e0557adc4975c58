"""Old against new text cleaner, alternating per document in one process (CPU time): a speed change's ratio.

Usage: python bench/ab_clean_text.py OLD_ROOT [--dumps /work/data/wcxb-txt] [--limit 200] [--repeat 2]

OLD_ROOT is a checkout of the old version (e.g. `git archive REV pipelines rules | tar -x -C /tmp/old`); the new
one is this repository. Each package is imported in turn under the name `pipelines`; the two clean_text functions
keep their own modules, and every dump is cleaned by both, in alternating order, so load on a shared machine
tilts neither. Prints the best of --repeat for each and the ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load(root: str):
    """clean_text of the package under root, imported afresh as `pipelines`, and the function that empties its
    measures kept across documents (a no-op for a version without them)."""
    for k in [k for k in sys.modules if k == "pipelines" or k.startswith("pipelines.")]:
        del sys.modules[k]
    sys.path.insert(0, root)
    try:
        import pipelines.core.clean as clean
        import pipelines.core.clean.features as features
    finally:
        sys.path.remove(root)
    return clean.clean_text, getattr(features, "forget", lambda: None)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("old", type=Path)
    ap.add_argument("--dumps", type=Path, default=Path("/work/data/wcxb-txt"))
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=2)
    a = ap.parse_args(argv)
    loaded = {"old": _load(str(a.old.resolve())), "new": _load(str(ROOT))}
    runs = {name: fn for name, (fn, _forget) in loaded.items()}
    texts = [f.read_text(encoding="utf-8") for f in sorted(a.dumps.glob("*.txt"))[: a.limit]]
    for fn in runs.values():
        fn(texts[0])   # models and tables loaded before the clock
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(max(1, a.repeat)):
        # each repeat starts from no line measured before: a repeat of the same dumps would otherwise find every
        # line in the memo and time nothing but lookups
        for _fn, forget in loaded.values():
            forget()
        spent = dict.fromkeys(runs, 0.0)
        for i, text in enumerate(texts):
            for name in (("old", "new") if i % 2 == 0 else ("new", "old")):
                cpu = time.process_time()
                runs[name](text)
                spent[name] += time.process_time() - cpu
        best = {k: min(best[k], spent[k]) for k in runs}
    n = len(texts)
    print(f"{n} dumps, CPU time, best of {a.repeat}: old {n / best['old']:.1f} pages/s, new {n / best['new']:.1f} "
          f"pages/s, speed-up {best['old'] / best['new']:.3f}x")


if __name__ == "__main__":
    main(sys.argv[1:])
