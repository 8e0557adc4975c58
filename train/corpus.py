"""The WCXB development pages as training material: gold main content, text dumps and HTML payloads.

Only the development split beside the repo (../shared/bench/wcxb-dev) is read; its test split is never
fetched. Text dumps of the article pages come from the prepared folder when it exists, the other page types
are dumped here with the scorer's own text_dump (the same BeautifulSoup rendering), and cached.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLAIMTRAIL_SHARED", ROOT.parent / "shared"))
DEV = SHARED / "bench" / "wcxb-dev"
SCORER = SHARED / "eval" / "wcxb_score.py"
PREPARED_TXT = Path(os.environ.get("CLAIMTRAIL_WCXB_TXT", "/work/data/wcxb-txt"))
CACHE = Path(os.environ.get("CLAIMTRAIL_TRAIN_CACHE", ROOT / "train" / ".cache"))


@dataclass(frozen=True)
class Page:
    """One development page: its id, site (the hold-out group), type and gold main content."""

    key: str
    domain: str
    page_type: str
    main_content: str


def scorer():
    """../shared/eval/wcxb_score.py as a module (its metric and its text dump)."""
    spec = importlib.util.spec_from_file_location("wcxb_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pages(types: str = "all") -> list[Page]:
    """The development pages of the given types ('all' or a comma list), in id order."""
    gt = json.loads((DEV / "ground-truth.json").read_text(encoding="utf-8"))
    keep = None if types == "all" else set(types.split(","))
    return [Page(k, v["domain"], v["page_type"], v["main_content"] or "") for k, v in sorted(gt.items())
            if keep is None or v["page_type"] in keep]


def html_payload(key: str) -> bytes:
    """The page's raw (gzipped) bytes, as the pipeline reads them."""
    return (DEV / "html_gz" / f"{key}.html.gz").read_bytes()


def text_dump(key: str) -> str:
    """The page as a scraper's full-page text dump (the prepared file for articles, else made and cached)."""
    prepared = PREPARED_TXT / f"{key}.txt"
    if prepared.exists():
        return prepared.read_text(encoding="utf-8")
    cached = CACHE / "txt" / f"{key}.txt"
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    html = gzip.decompress(html_payload(key)).decode("utf-8", "replace")
    text = scorer().text_dump(html)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(text, encoding="utf-8")
    return text


HOLDOUT_SHARE = 0.3
HOLDOUT_SEED = 13


def heldout_domains(all_pages: list[Page]) -> set[str]:
    """A fixed 30 % of the sites, drawn with a fixed seed: never trained on when we report figures."""
    import numpy as np

    domains = sorted({p.domain for p in all_pages})
    order = np.random.default_rng(HOLDOUT_SEED).permutation(len(domains))
    return {domains[i] for i in order[: round(HOLDOUT_SHARE * len(domains))]}


def article_pages(sites: str = "all") -> list[Page]:
    """The dev split's article pages of the held-out sites ('heldout'), of the others ('train') or all ('all')."""
    pages_ = pages("article")
    if sites == "all":
        return pages_
    held = heldout_domains(pages("all"))
    return [p for p in pages_ if (p.domain in held) == (sites == "heldout")]
