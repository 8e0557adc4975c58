"""Page metadata from markup: title, byline, published date, language and canonical URL.

Read from the places publishers put them (h1, Open Graph and article meta tags, JSON-LD, <time>,
<html lang>, rel=canonical). JSON-LD is parsed as data with json.loads, never run.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from lxml import etree

from pipelines.core import rules

_ISO_DATE = re.compile(r"((?:19|20)\d\d)([-/.]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])")
_LANG = re.compile(r"^([a-zA-Z]{2})(?:[-_][a-zA-Z0-9]+)*$")
_SPACES = re.compile(r"\s+")
_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,40}$")
# a tab title's tail of at most this many words may be the site's name; a longer one is a subtitle
_SITE_NAME_WORDS = 4
_URLISH = re.compile(r"^(?:https?:)?//|^www\.", re.IGNORECASE)
BYLINE_PREFIX = rules.patterns("html")["meta_byline_prefix"]   # rules/html.toml
_BY = BYLINE_PREFIX
_AUTHOR_ELEMENTS = etree.XPath('//*[@rel="author" or @itemprop="author" or contains(@class, "byline")'
                                ' or contains(@class, "author-name")]')
_BYLINE_TAIL = rules.patterns("html")["meta_byline_tail"]
_ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "blogposting", "report", "scholarlyarticle", "techarticle", "webpage", "liveblogposting",
    "backgroundnewsarticle", "reviewnewsarticle", "socialmediaposting", "posting",
})
_DATE_META = ("article:published_time", "og:published_time", "datepublished", "publishdate", "pubdate",
              "publish-date", "publication_date", "sailthru.date", "dc.date.issued", "dc.date", "date",
              "dcterms.created", "parsely-pub-date", "article.published", "article:published", "pdate")
# other publishers' names for it: anything that says publish/post/release together with date/time
_DATE_KEY = re.compile(r"(?:publish|post|release|pub)[\w.:-]*(?:date|time)|(?:date|time)[\w.:-]*publish",
                       re.IGNORECASE)
_AUTHOR_META = ("author", "article:author", "dc.creator", "parsely-author", "byl", "sailthru.author",
                "twitter:creator")


@dataclass
class PageMeta:
    """Metadata read from one page's markup."""

    title: str | None = None
    byline: str | None = None
    published_date: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    headline_refs: tuple[str, ...] = ()   # every title-like string the page declares (for title lines)


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = _SPACES.sub(" ", value).strip()
    return value or None


def iso_date(value: str | None) -> str | None:
    """The YYYY-MM-DD date at the start of a date string, or None."""
    if not value:
        return None
    m = _ISO_DATE.search(value[:40])
    return f"{m.group(1)}-{m.group(3)}-{m.group(4)}" if m else None


def language_code(value: str | None) -> str | None:
    """ISO 639-1 code from a language tag such as en-US, pt_BR or de; None when not one."""
    if not value:
        return None
    m = _LANG.match(value.strip())
    return m.group(1).lower() if m else None


def _json_ld_nodes(root: etree._Element) -> list[dict]:
    """Every JSON-LD object on the page, @graph members flattened."""
    nodes: list[dict] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                nodes.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(reversed(graph))
    return nodes


def _types(node: dict) -> set[str]:
    t = node.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def _person_names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [n for v in value for n in _person_names(v)]
    return []


def _text_of(el: etree._Element) -> str:
    return _SPACES.sub(" ", "".join(el.itertext())).strip()


def _overlap(a: str, b: str) -> float:
    wa, wb = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    return len(wa & wb) / max(1, min(len(wa), len(wb))) if wa and wb else 0.0


def normalise_byline(value: str | None) -> str | None:
    """A byline without its 'By' and what follows the names (a handle, a date, a '|' and the rest)."""
    value = _clean(value)
    if not value:
        return None
    value = _BYLINE_TAIL.split(_BY.sub("", value), maxsplit=1)[0].strip(" ,;:-–—")
    return value or None


def _site_tail(title: str) -> str | None:
    """The " | Site name" tail of a title, if it has one."""
    m = _SITE_SUFFIX.search(title)
    return title[m.start():].strip(" |–—-") if m else None


def _without_site(title: str, site_names: set[str]) -> str:
    """The title without a tail that names the site (the site's declared name, or a tail other titles share)."""
    tail = _site_tail(title)
    if tail and _norm(tail) in site_names:
        return _SITE_SUFFIX.sub("", title) or title
    return title


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _headline(h1s: list[str], declared: list[str], html_title: str | None, site_name: str | None) -> str | None:
    """The page's headline from its structure: the <h1> that agrees with the declared headline (og:title,
    JSON-LD, twitter:title) or with the <title>; else the declared headline; else the only <h1>; else the
    <title>. Site names are never the headline: an <h1> that only names the site (the logo) is passed over, and
    a " | Site" tail comes off."""
    site_names = {_norm(site_name)} if site_name else set()
    if html_title and (tail := _site_tail(html_title)) and len(tail.split()) <= _SITE_NAME_WORDS:
        site_names.add(_norm(tail))   # the browser tab's short tail is the site's name far more often than not
    site_names.discard("")
    refs = [_without_site(r, site_names) for r in (*declared, html_title) if r]
    candidates = [h for h in h1s if _norm(h) not in site_names]
    if candidates:
        scored = sorted(((max((_overlap(h, r) for r in refs), default=0.0), -i, h)
                         for i, h in enumerate(candidates)), reverse=True)
        best_score, _, best = scored[0]
        if best_score >= 0.5 or (not declared and len(candidates) == 1):
            return _without_site(best, site_names)
    if declared:
        return _without_site(declared[0], site_names)
    if html_title:
        return _SITE_SUFFIX.sub("", html_title) or html_title
    return None


def read_meta(root: etree._Element) -> PageMeta:
    """Collect the page's metadata; absent fields stay None."""
    meta: dict[str, str] = {}
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or m.get("http-equiv") or "").lower()
        content = m.get("content")
        if key and content and key not in meta:
            meta[key] = content.strip()
    article_nodes = [n for n in _json_ld_nodes(root) if _types(n) & _ARTICLE_TYPES]
    article_nodes.sort(key=lambda n: "webpage" in _types(n))   # real article types before WebPage
    ld_headline = next((h for n in article_nodes
                        if isinstance(h := n.get("headline"), str) and h.strip()), None)
    ld_date = next((d for n in article_nodes if isinstance(d := n.get("datePublished"), str)), None)
    ld_authors = next((names for n in article_nodes if (names := _person_names(n.get("author")))), [])

    html_title = None
    title_el = root.find(".//title")
    if title_el is not None:
        html_title = _clean(_text_of(title_el))
    declared = [r for r in (_clean(meta.get("og:title")), _clean(ld_headline), _clean(meta.get("twitter:title")))
                if r]
    refs = [*declared, html_title] if html_title else declared
    h1s = [t for el in root.iter("h1") if (t := _text_of(el))]
    title = _headline(h1s, declared, html_title, _clean(meta.get("og:site_name")) or
                      _clean(meta.get("application-name")))

    byline = None
    names = [n for n in ld_authors if n.strip() and not _URLISH.match(n)]
    if names:
        byline = ", ".join(dict.fromkeys(_clean(n) for n in names if _clean(n)))
    if not byline:
        for key in _AUTHOR_META:
            value = _clean(meta.get(key))
            if value and not _URLISH.match(value) and not value.startswith("@"):
                byline = value
                break
    if not byline:
        for el in _AUTHOR_ELEMENTS(root):
            value = _clean(_text_of(el))
            if value and len(value) < 100:
                byline = _BY.sub("", value)
                break

    date = iso_date(ld_date)
    if not date:
        for key in _DATE_META:
            date = iso_date(meta.get(key))
            if date:
                break
    if not date:
        date = next((d for key, value in meta.items() if _DATE_KEY.search(key) and (d := iso_date(value))), None)
    if not date:
        for el in root.iter("time"):
            date = iso_date(el.get("datetime"))
            if date:
                break

    language = language_code(root.get("lang")) or language_code(root.get("xml:lang"))
    if not language:
        language = language_code(meta.get("content-language")) or language_code(meta.get("og:locale"))

    canonical = None
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            canonical = link.get("href").strip()
            break
    canonical = canonical or _clean(meta.get("og:url"))
    all_refs = tuple(dict.fromkeys([*refs, *h1s]))
    return PageMeta(title, normalise_byline(byline), date, language, canonical, all_refs)
