"""Claims throughput: sentences per second of extract_claims on one core, over generated sentences.

Time is the process's CPU time (extract_claims is single-threaded), so other jobs sharing the
machine do not distort the figure; the wall-clock rate is printed alongside.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.core.claims import extract_claims

N_SENTENCES = 20_000
SEED = 20181001

_SUBJECTS = ["The ministry", "Local officials", "The survey", "Police in the capital", "The agency", "Witnesses",
             "A regional court", "The coalition", "Health authorities", "The committee"]
_VERBS = ["counted", "reported", "registered", "estimated", "recorded", "confirmed", "listed"]
_QUALS = ["", "at least ", "more than ", "about ", "nearly ", "up to ", "fewer than ", "some ", "almost ", "over "]
_NOUNS = ["displaced families", "foreign fighters", "new cases", "square meters", "voters", "checkpoints",
          "schools", "kilometers of road", "arrests", "complaints"]
_WORDS = ["two", "five", "twelve", "twenty-three", "a dozen", "forty", "three hundred", "ninety-nine"]
_MONTHS = ["January", "March", "May", "July", "September", "November"]
_SOURCES = ["according to the interior ministry", "the mayor said", "said a spokesperson",
            "reported by the national statistics office", "(Daily Courier, {m} {d})", ""]
_FILLER = ["The decision came after weeks of talks between the parties and was welcomed by most observers.",
           "Resolution {id} was adopted in {y} and renewed in {y2}.",
           "On the one hand the plan is popular; on the other, it is one of the most expensive.",
           "In {y}, the council of district {d} met for the first time since Issue {d2} of the bulletin."]


def _number(rng: random.Random) -> str:
    kind = rng.randrange(7)
    if kind == 0:
        return rng.choice(_WORDS)
    if kind == 1:
        return f"{rng.randrange(1, 999)},{rng.randrange(0, 999):03d}"
    if kind == 2:
        return f"€{rng.randrange(1, 99)}.{rng.randrange(1, 9)} million"
    if kind == 3:
        return f"{rng.randrange(1, 90)}%"
    if kind == 4:
        lo = rng.randrange(10, 500)
        return rng.choice([f"{lo}-{lo + rng.randrange(5, 200)}", f"between {lo} and {lo * 2}"])
    if kind == 5:
        return f"{rng.randrange(1, 40)} per 100,000 residents"
    return str(rng.randrange(2, 5000))


def sentences(n: int = N_SENTENCES, seed: int = SEED) -> list[str]:
    """n deterministic English sentences mixing claims, dates, years, identifiers and plain prose."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        if rng.random() < 0.3:
            out.append(rng.choice(_FILLER).format(id=rng.randrange(1000, 3000), y=rng.randrange(1990, 2024),
                                                  y2=rng.randrange(1990, 2024), d=rng.randrange(1, 20),
                                                  d2=rng.randrange(1, 40)))
            continue
        src = rng.choice(_SOURCES).format(m=rng.choice(_MONTHS), d=rng.randrange(1, 29))
        out.append(f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_QUALS)}{_number(rng)} "
                   f"{rng.choice(_NOUNS)} in {rng.choice(_MONTHS)} {rng.randrange(2000, 2024)} {src}".rstrip()
                   + ".")
    return out


def main() -> None:
    """Time extract_claims over the generated sentences and print one summary line."""
    data = sentences()
    for s in data[:200]:
        extract_claims(s)                      # warm regex caches
    w0, t0 = time.perf_counter(), time.process_time()
    found = 0
    for s in data:
        found += len(extract_claims(s))
    dt, wall = time.process_time() - t0, time.perf_counter() - w0
    print(f"claims: {len(data)} sentences in {dt:.2f} s = {len(data) / dt:,.0f} sentences/s "
          f"({found} claims; wall {len(data) / wall:,.0f} sentences/s)")


if __name__ == "__main__":
    main()
