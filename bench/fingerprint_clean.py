"""A hash of everything the cleaner makes of a fixed set of inputs: a speed-up must leave it unchanged.

Usage: python bench/fingerprint_clean.py [--groups txt,seeds,aeb,html] [--limit-html 100] [--out per_file.json]

Each file is read as the pipeline reads it (read_document), cleaned by clean(document) and turned into the
cleaned tables' rows (cleaned_rows); an HTML page's Page (page_meta) is hashed too, since the HTML path
scores its lines with the text features. Prints one SHA-256 per group; --out keeps one hash per file so a
change can be traced to the file it touched.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
GROUPS = {
    "txt": (Path(os.environ.get("CLAIMTRAIL_WCXB_TXT", "/work/data/wcxb-txt")), "*.txt", None),
    "seeds": (ROOT / "seeds", "*", None),
    "aeb": (ROOT.parent / "shared" / "bench" / "aeb" / "html_gz", "*.html.gz", "html"),
    "html": (Path(os.environ.get("CLAIMTRAIL_WCXB_HTML", "/work/data/wcxb-html")), "*.html.gz", "html"),
}


def file_hash(path: Path) -> str:
    """SHA-256 of one file's rows (and page_meta) as canonical JSON."""
    from pipelines.core.clean import clean, cleaned_rows
    from pipelines.core.ingest.read import read_document

    doc = read_document(path.read_bytes(), path.name)
    out: dict = {"quarantine": doc.quarantine_reason, "page_meta": doc.page_meta}
    if doc.source_text is not None:
        res = clean(doc)
        out["rows"] = cleaned_rows(doc.doc_id, doc.source_file, doc.source_text, res)
        out["result"] = [res.quarantine_reason, res.removed_fraction, res.suspect]
    blob = json.dumps(out, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--groups", default="txt,seeds,aeb,html")
    ap.add_argument("--limit-html", type=int, default=100, help="pages of each HTML group")
    ap.add_argument("--out", type=Path)
    a = ap.parse_args(argv)
    per_file: dict[str, str] = {}
    for g in a.groups.split(","):
        folder, pattern, kind = GROUPS[g]
        files = sorted(p for p in folder.glob(pattern) if p.is_file())
        if kind == "html":
            files = files[: a.limit_html]
        h = hashlib.sha256()
        for p in files:
            fh = file_hash(p)
            per_file[f"{g}/{p.name}"] = fh
            h.update(fh.encode())
        print(f"{g:6} {len(files):4} files  {h.hexdigest()}", flush=True)
    if a.out:
        a.out.write_text(json.dumps(per_file, indent=0, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1:])
