"""jusText and trafilatura on the same held-out article pages as train.compare, with the same metric.

Text dumps: each given as HTML with one <p> per line; HTML pages: the original markup. jusText with the
English stop list (most pages are English), trafilatura 2.3 with its defaults.
Run: python -m train.references
"""

from __future__ import annotations

import gzip
import statistics

from bench.bench_clean_text import as_html
from train import corpus


def main() -> None:
    import justext
    import trafilatura

    prf = corpus.scorer().prf
    all_pages = corpus.pages("all")
    held = corpus.heldout_domains(all_pages)
    test = [p for p in all_pages if p.domain in held and p.page_type == "article"]
    stop = justext.get_stoplist("English")

    def jt(markup: str) -> str:
        try:
            return "\n".join(p.text for p in justext.justext(markup, stop) if not p.is_boilerplate)
        except Exception:   # jusText refuses some markup outright: an empty answer, as a user would get
            return ""

    rows = {"jusText on the dump": [], "trafilatura on the dump": [], "jusText on the HTML": [],
            "trafilatura on the HTML": []}
    for p in test:
        dump = as_html(corpus.text_dump(p.key))
        page = gzip.decompress(corpus.html_payload(p.key)).decode("utf-8", "replace")
        rows["jusText on the dump"].append(prf(jt(dump), p.main_content)[0])
        rows["trafilatura on the dump"].append(prf(trafilatura.extract(dump) or "", p.main_content)[0])
        rows["jusText on the HTML"].append(prf(jt(page), p.main_content)[0])
        rows["trafilatura on the HTML"].append(prf(trafilatura.extract(page) or "", p.main_content)[0])
    print(f"{len(test)} held-out article pages ({len(held)} sites)")
    for name, fs in rows.items():
        print(f"| {name} | {statistics.mean(fs):.3f} |")


if __name__ == "__main__":
    main()
