"""Syndicated copies for the benchmark: one agency story reposted on several sites, each copy edited a little.

A copy is re-headed (its own headline), carries its site's boilerplate (plain text with share links, Markdown with
an editor's note, or an HTML page with the site's navigation, cookie banner, related links and comments), and is
edited the way sites edit wire copy: a few words swapped, the last paragraph cut, a line of local context added.
The stories, like the rest of the corpus, are composed by bench/prose.py; the groups returned are the truth the
near_duplicates table is scored against.
"""

from __future__ import annotations

import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import prose

SITES = ["coastline", "valley-post", "northern-echo", "metro-wire", "the-ledger", "harbour-news", "county-times"]
MIN_COPIES, MAX_COPIES = 2, 5  # sites per story, the agency's own copy included
# copy-editors' swaps: the copy says the same thing in slightly other words
_SWAPS = {"said": "stated", "told reporters": "told journalists", "argued": "contended", "warned": "cautioned",
          "about": "around", "more than": "over", "nearly": "almost", "last week": "a week ago",
          "on Monday": "at the start of the week", "the plan": "the scheme", "would": "could", "council": "authority",
          "residents": "locals", "protest": "demonstration", "already": "by now", "claimed": "asserted"}
_SWAP = re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(_SWAPS, key=len, reverse=True)) + r")\b")
_HEADLINES = ["{Place}: questions over {topic}", "What the {topic} decision means for {place}",
              "{Topic} row deepens in {place}", "Explainer: {topic} in {place}", "{Place} braces for {topic} vote",
              "New twist in {place} {topic} dispute", "{Topic}: the view from {place}"]


@dataclass
class Story:
    """An agency story: headline, byline, paragraphs."""

    title: str
    byline: str
    paragraphs: list[str]


def _story(rng: random.Random, i: int) -> Story:
    paragraphs = [" ".join(prose.sentence(rng) for _ in range(rng.randrange(2, 6)))
                  for _ in range(rng.choice([4, 5, 6, 8, 10, 14]))]
    return Story(f"{rng.choice(prose.PLACES)} agency report on {rng.choice(prose.TOPICS)} ({i})",
                 rng.choice(prose.PEOPLE), paragraphs)


def _headline(rng: random.Random) -> str:
    place, topic = rng.choice(prose.PLACES), rng.choice(prose.TOPICS)
    return rng.choice(_HEADLINES).format(place=place, Place=place, topic=topic, Topic=topic[0].upper() + topic[1:])


def _edit(rng: random.Random, story: Story) -> list[str]:
    """The copy's paragraphs: a few words swapped, perhaps the last paragraph cut and a local line added."""
    paragraphs = list(story.paragraphs)
    if len(paragraphs) > 4 and rng.random() < 0.4:
        paragraphs.pop()
    edited = []
    for p in paragraphs:  # swap each listed phrase with probability one in three
        edited.append(_SWAP.sub(lambda m: _SWAPS[m.group(1)] if rng.random() < 1 / 3 else m.group(1), p))
    if rng.random() < 0.4:
        edited.insert(rng.randrange(1, len(edited)), prose.prose(rng))
    return edited


def _as_text(rng: random.Random, site: str, title: str, story: Story, paragraphs: list[str]) -> bytes:
    footer = ["", "Share this story", f"More from {site}: follow us for local news.", f"© {site}. All rights reserved."]
    head = [title, f"By {story.byline}", f"{rng.choice(prose.PLACES).upper()}, May {rng.randrange(1, 29)}"]
    return ("\n\n".join(head + paragraphs + footer[: rng.randrange(1, 5)]) + "\n").encode()


def _as_markdown(rng: random.Random, site: str, title: str, story: Story, paragraphs: list[str]) -> bytes:
    lines = [f"# {title}", "", f"*{story.byline} — agency copy, published by {site}*", ""]
    for p in paragraphs:
        lines += [p, ""]
    lines += ["---", "", f"*This report first ran on the agency wire and is republished by {site}.*", ""]
    return "\n".join(lines).encode()


def _as_html(rng: random.Random, site: str, title: str, story: Story, paragraphs: list[str]) -> bytes:
    nav = "".join(f'<li><a href="/{x.lower()}">{x}</a></li>' for x in ["Home", "Local", "Region", "Weather", site])
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    related = "".join(f'<li><a href="/r/{rng.randrange(10**6)}">{_headline(rng)}</a></li>' for _ in range(3))
    comments = "".join(f'<div class="comment"><b>{rng.choice(prose.PEOPLE)}</b><p>{prose.prose(rng)}</p></div>'
                       for _ in range(rng.randrange(0, 3)))
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title></head>\n'
            f'<body>\n<div class="consent"><p>{site} uses cookies to measure traffic. Accept or manage your '
            f'choices.</p><button>Accept</button></div>\n<header><nav><ul>{nav}</ul></nav></header>\n'
            f'<main><article><h1>{title}</h1>\n<p class="byline">{story.byline} / agency</p>\n{body}</article>\n'
            f'<aside><h2>Also on {site}</h2><ul>{related}</ul></aside>\n'
            f'<section class="comments"><h2>Reader comments</h2>{comments}</section></main>\n'
            f'<footer><p>© {site}</p></footer>\n</body></html>\n').encode()


_FORMATS = [("txt", _as_text), ("md", _as_markdown), ("html", _as_html)]


def write_syndicated(target: Path, n_files: int, seed: int = 16, start: int = 0) -> list[list[str]]:
    """Write about n_files copies (stories of 2 to 5 copies each) below target/syndicated; returns each story's
    files, relative to target. The agency's own copy keeps the story's headline, the others get their own."""
    rng = random.Random(seed * 1_000_003 + start)
    groups, written, i = [], 0, start
    while written < n_files:
        story = _story(rng, i)
        count = min(rng.randrange(MIN_COPIES, MAX_COPIES + 1), max(MIN_COPIES, n_files - written))
        group = []
        for site in rng.sample(SITES, count):
            ext, render = rng.choice(_FORMATS)
            first = not group
            title = story.title if first else _headline(rng)
            paragraphs = story.paragraphs if first else _edit(rng, story)
            rel = f"syndicated/batch_{i // 200:03d}/{site}_{i:05d}.{ext}"
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(render(rng, site, title, story, paragraphs))
            group.append(rel)
        groups.append(group)
        written += count
        i += 1
    return groups


def planted_pairs(groups: list[list[str]]) -> set[frozenset[str]]:
    """Every pair of files that are copies of one story."""
    return {frozenset((a, b)) for g in groups for k, a in enumerate(g) for b in g[k + 1:]}
