"""A site profile applied to one page: the elements and lines a user's rules/sites/<host>.toml drops.

Only a page whose address (rel=canonical or og:url), or else a folder of its path, names a profiled host is
touched; every other page is read exactly as without profiles. A profile adds to the general rules, it never
keeps what they drop.
"""

from __future__ import annotations

from functools import cache

from lxml import etree

from pipelines.core.html.text import SITE_MARK, TextLayout, words_of
from pipelines.core.rules import SiteProfile, site_profile

__all__ = ["SiteProfile", "drop_lines", "mark_elements", "profile_for"]


def profile_for(url: str | None, source_file: str = "") -> SiteProfile | None:
    """The site profile of a page's address, else of a folder of its path named after a host (how a mirroring
    crawler such as wget --mirror saves pages: example.org/news/page.html), or None."""
    found = site_profile(url)
    if found is None and "." in source_file:
        for part in source_file.replace("\\", "/").split("/")[:-1]:
            if "." in part and (found := site_profile(part)) is not None:
                break
    return found


@cache
def _xpath(selector: str) -> etree.XPath:
    from cssselect import GenericTranslator  # lxml's CSS support: loaded only for a profiled page

    return etree.XPath(GenericTranslator().css_to_xpath(selector))


def mark_elements(root: etree._Element, profile: SiteProfile) -> None:
    """Mark the elements the profile drops (by CSS selector, or by a class or id word) for the renderer."""
    for reason, selector in profile.selectors:
        for el in _xpath(selector)(root):
            if isinstance(el, etree._Element):
                el.set(SITE_MARK, reason)
    if profile.classes:
        wanted = dict((w.lower(), r) for r, w in profile.classes)
        for el in root.iter():
            if type(el.tag) is not str:
                continue
            for attr in ("class", "id"):
                value = el.get(attr)
                hit = value and next((wanted[w] for w in words_of(value) if w in wanted), None)
                if hit:
                    el.set(SITE_MARK, hit)
                    break


def drop_lines(layout: TextLayout, profile: SiteProfile, keep: list[bool], reasons: list[str | None]) -> None:
    """Drop, with the profile's reason, every kept line inside a marked element or holding one of its phrases."""
    site, parent = layout.site_blocks, layout.block_parent
    for i, line in enumerate(layout.lines):
        if not keep[i]:
            continue
        why = None
        b = line.block
        while b >= 0 and why is None:
            why = site.get(b)
            b = parent[b]
        if why is None and profile.phrases:
            low = layout.text[line.start:line.end].lower()
            why = next((r for r, phrase in profile.phrases if phrase in low), None)
        if why is not None:
            keep[i], reasons[i] = False, why
