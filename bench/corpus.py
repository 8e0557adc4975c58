"""A generated input folder for the pipeline benchmark: news reports, analyses and web pages written for claimtrail.

The documents are our own: a handful of article families (plain-text reports, Markdown analyses, HTML pages with
navigation, cookie banners, related links and comments, gzipped copies, a few Italian and French reports, a few
broken files) filled from sentence banks with a seeded random generator, so the same seed gives the same bytes.
Nothing here is copied from the seeds. Generated folders live under bench/.corpus/ (git-ignored) or /tmp.
"""

from __future__ import annotations

import gzip
import random
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import prose

DEFAULT_DIR = Path(__file__).resolve().parent / ".corpus"
SEED = 7_2024

_PLACES = ["Valmora", "the northern districts", "Port Ellis", "the river valley", "Kestrel County", "Lanhaven",
           "the coastal towns", "Ostrava Nova", "the capital region", "Bramley Heath", "Sunfield", "Marrow Bay"]
_BODIES = ["the regional statistics office", "the interior ministry", "the Harbour Workers' Union",
           "the Institute for Rural Studies", "the city council", "the Coastal Monitoring Group",
           "the health authority", "the Centre for Migration Research", "the national audit office"]
_PEOPLE = ["Mara Kovel", "Tomas Oyelaran", "Ines Barrow", "Dev Lindqvist", "Amal Perrin", "Jonah Castell",
           "Rutendo Vale", "Sofia Marangoni", "Pieter Aalst", "Hana Okafor"]
_THINGS = ["families", "households", "workers", "volunteers", "schools", "clinics", "kilometres of road",
           "new cases", "complaints", "fishing boats", "hectares of farmland", "apartments", "students"]
_TOPICS = ["housing", "the harbour strike", "flood defences", "rural clinics", "school meals", "the bus network",
           "wind farms", "the fishing quota", "water prices", "night trains"]
_QUALIFIERS = ["", "at least ", "more than ", "about ", "nearly ", "fewer than ", "around ", "almost "]
_WORD_NUMBERS = ["two", "three", "five", "seven", "twelve", "twenty", "forty", "a hundred"]

_TXT_FOOTER = ["Share this article", "Follow us on social media for more local news.",
               "© {year} The Lanhaven Ledger. All rights reserved.", "Read more: {topic} explained"]
_NAV = ["Home", "News", "Politics", "Business", "Culture", "Sport", "Opinion", "Contact"]
_COOKIE = ("We use cookies to give you the best experience on our site. By continuing you agree to our use of "
           "cookies.")


def _fill(rng: random.Random, template: str) -> str:
    """One sentence from a template, every slot drawn from the banks."""
    m = rng.randrange(10, 900)
    values = {
        "body": rng.choice(_BODIES), "place": rng.choice(_PLACES), "person": rng.choice(_PEOPLE),
        "thing": rng.choice(_THINGS), "topic": rng.choice(_TOPICS), "q": rng.choice(_QUALIFIERS),
        "m": m, "n": rng.choice([str(m + rng.randrange(5, 900)), f"{rng.randrange(1, 99)},{rng.randrange(1000):03d}"]),
        "d": rng.randrange(1, 90), "e": rng.randrange(1, 9), "w": rng.choice(_WORD_NUMBERS),
        "p": rng.randrange(3, 80), "p2": rng.randrange(3, 80), "year": rng.randrange(1995, 2024),
        "body_it": "l'istituto regionale di statistica", "body_fr": "l'observatoire régional du logement",
    }
    values["Body"] = values["body"][0].upper() + values["body"][1:]
    values["Person"] = values["person"]
    return template.format(**values)


def _paragraphs(rng: random.Random, count: int, language: str = "en") -> list[str]:
    """Paragraphs of two to five sentences, nearly half of them holding a figure (bench/prose.py composes them, so
    two documents are two different stories)."""
    out = []
    for _ in range(count):
        sentences = [prose.sentence(rng) if language == "en" else prose.foreign(rng, language)
                     for _ in range(rng.randrange(2, 6))]
        out.append(" ".join(sentences))
    return out


def _title(rng: random.Random, i: int) -> str:
    return f"{rng.choice(_PLACES).capitalize()} weighs new plan for {rng.choice(_TOPICS)} ({i})"


def text_report(rng: random.Random, i: int) -> str:
    """A plain-text report: title, byline, dateline, paragraphs, a footer of share links."""
    paras = _paragraphs(rng, rng.choice([3, 5, 8, 12, 20, 35]))
    footer = [_fill(rng, line) for line in _TXT_FOOTER[: rng.randrange(0, 5)]]
    head = [_title(rng, i), f"By {rng.choice(_PEOPLE)}", f"{rng.choice(_PLACES).upper()}, March {rng.randrange(1, 29)}"]
    return "\n\n".join(head + paras + footer) + "\n"


def markdown_analysis(rng: random.Random, i: int) -> str:
    """A Markdown analysis: headings, paragraphs and a short list."""
    lines = [f"# {_title(rng, i)}", "", f"*{rng.choice(_PEOPLE)}, analyst*", ""]
    for section in range(rng.randrange(2, 6)):
        lines += [f"## Part {section + 1}: {rng.choice(_TOPICS)}", ""]
        for p in _paragraphs(rng, rng.randrange(2, 6)):
            lines += [p, ""]
        if rng.random() < 0.5:
            lines += [f"- {prose.claim(rng)}" for _ in range(3)] + [""]
    return "\n".join(lines)


def html_page(rng: random.Random, i: int) -> str:
    """A web page: navigation, cookie banner, the article, related links, comments and a footer."""
    nav = "".join(f'<li><a href="/{x.lower()}">{x}</a></li>' for x in _NAV)
    body = "".join(f"<p>{p}</p>\n" for p in _paragraphs(rng, rng.choice([3, 6, 10, 16, 25])))
    related = "".join(f'<li><a href="/n/{rng.randrange(10**6)}">{_title(rng, rng.randrange(10**4))}</a></li>'
                      for _ in range(4))
    comments = "".join(f'<div class="comment"><b>{rng.choice(_PEOPLE)}</b><p>{prose.prose(rng)}</p>'
                       "</div>" for _ in range(rng.randrange(0, 4)))
    title = _title(rng, i)
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{title} | Lanhaven Ledger</title>'
            f'<meta name="author" content="{rng.choice(_PEOPLE)}"></head>\n<body>\n'
            f'<div id="cookie-banner"><p>{_COOKIE}</p><button>Accept all</button></div>\n'
            f'<header><nav><ul>{nav}</ul></nav></header>\n<main><article><h1>{title}</h1>\n'
            f'<p class="byline">By {rng.choice(_PEOPLE)}</p>\n{body}</article>\n'
            f'<aside class="related"><h2>Related stories</h2><ul>{related}</ul></aside>\n'
            f'<section class="comments"><h2>Comments</h2>{comments}</section></main>\n'
            f'<footer><p>© {rng.randrange(2015, 2025)} Lanhaven Ledger</p></footer>\n</body></html>\n')


def foreign_report(rng: random.Random, i: int) -> str:
    """A short Italian or French report."""
    language = "it" if rng.random() < 0.5 else "fr"
    return f"{_title(rng, i)}\n\n" + "\n\n".join(_paragraphs(rng, rng.randrange(3, 8), language)) + "\n"


def write_corpus(target: Path, n_files: int = 10_000, seed: int = SEED, start: int = 0) -> list[Path]:
    """Write n_files documents numbered from `start` into target (sub-folders of 500); returns their paths."""
    rng = random.Random(seed * 1_000_003 + start)
    paths = []
    for i in range(start, start + n_files):
        roll = rng.random()
        if roll < 0.45:
            name, data = f"report_{i:05d}.txt", text_report(rng, i).encode()
        elif roll < 0.65:
            name, data = f"analysis_{i:05d}.md", markdown_analysis(rng, i).encode()
        elif roll < 0.90:
            name, data = f"page_{i:05d}.html", html_page(rng, i).encode()
        elif roll < 0.97:
            name, data = f"report_{i:05d}.txt.gz", gzip.compress(text_report(rng, i).encode(), mtime=0)
        elif roll < 0.998:
            name, data = f"estero_{i:05d}.txt", foreign_report(rng, i).encode()
        else:
            name, data = f"broken_{i:05d}.txt", bytes(rng.randrange(256) for _ in range(300)) + b"\x00"
        path = target / f"batch_{i // 500:03d}" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        paths.append(path)
    return paths


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    written = write_corpus(out, count)
    print(f"{len(written)} files, {sum(p.stat().st_size for p in written) / 1e6:.1f} MB in {out}")
