"""A hostile input folder, generated (never committed): every way a file can be bad, big, deep or odd.

Each entry says what should become of it: "ok" (published), "quarantined" (a row with a reason), "skipped"
(not read, with a reason), or "duplicate" (same bytes as another file). The big cases (a 50 MB text, a 30 MB
page, a 5 MB line without a full stop) are written as streams, a few megabytes at a time.
"""

from __future__ import annotations

import codecs
import gzip
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import _paragraphs, html_page, text_report

STORY = ("Harbour traffic doubles\n\nBy Ana Ruiz\n\nThe port handled 1,200 ships last year, up from about 600 in "
         "2019, officials said. Cargo rose to 4.5 million tonnes.\n\nFerries kept running through the winter "
         "storms, and 300 dock workers were hired.\n")
FRENCH = ("Le conseil municipal\n\nLe maire a été réélu après une année très agitée ; « c’est un soulagement », "
          "dit-il. Les travaux coûteront environ 3,2 millions d’euros — 12 % de plus que prévu.\n")
CZECH = ("Rozpočet města\n\nVláda schválila rozpočet – „historický“ krok, řekl premiér. Dluh dosáhl 3,1 bilionu "
         "korun a 250 obcí dostane víc peněz.\n")
ENGLISH_1252 = ("Quarterly results\n\nThe company’s “record” quarter brought in €2.3 billion, the chief executive "
                "said – a 12% rise on the 2,100 million of last year.\n")


@dataclass(frozen=True)
class Case:
    """One entry of the hostile folder: its path, what should become of it, and how to write it."""

    name: str
    fate: str  # ok, quarantined, skipped, duplicate
    write: Callable[[Path], None]
    big: bool = False


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(data)


def _stream(chunks) -> Callable[[Path], None]:
    def write(p: Path) -> None:
        with p.open("wb") as f:
            for chunk in chunks():
                f.write(chunk)
    return write


def _long_line(megabytes: float, seed: int = 2):
    """A title, then one line of prose without a single full stop (commas only), about `megabytes` long."""
    def chunks():
        rng = random.Random(seed)
        yield b"A report without full stops\n\n"
        size = 0
        while size < megabytes * 1e6:
            part = (" ".join(_paragraphs(rng, 20)).replace(".", ",") + " ").encode()
            size += len(part)
            yield part
        yield b"\n"
    return chunks


def _big_text(megabytes: float, seed: int = 3):
    def chunks():
        rng = random.Random(seed)
        size, i = 0, 0
        while size < megabytes * 1e6:
            part = (text_report(rng, i) + "\n").encode()
            size, i = size + len(part), i + 1
            yield part
    return chunks


def _big_page(megabytes: float, seed: int = 1):
    def chunks():
        rng = random.Random(seed)
        yield (b'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A very long page</title></head>'
               b'<body><nav><ul><li><a href="/">Home</a></li></ul></nav><main><article><h1>A very long page</h1>')
        size = 0
        while size < megabytes * 1e6:
            part = "".join(f"<p>{x}</p>\n" for x in _paragraphs(rng, 50)).encode()
            size += len(part)
            yield part
        yield b"</article></main><footer>(c) 2024 The Ledger</footer></body></html>"
    return chunks


def _deep(depth: int) -> bytes:
    return ("<html><body><h1>A deep page</h1>" + "<div>" * depth
            + "<p>The deepest paragraph says 42 ships came in on Monday, the port office said.</p>"
            + "</div>" * depth
            + "<p>A closing paragraph after the nesting, with 7 more boats.</p></body></html>").encode()


def _truncated(data: bytes) -> bytes:
    whole = gzip.compress(data, mtime=0)
    return whole[: len(whole) // 2]


def _page(body: str, head: str = '<meta charset="utf-8">') -> str:
    return (f"<html><head>{head}<title>Town news</title></head><body><article><h1>Town news</h1>{body}"
            "</article></body></html>")


def cases(big: bool = True) -> list[Case]:
    """Every hostile case; `big` adds the 50 MB text, the 30 MB page and the 5 MB line."""
    rng = random.Random(7)
    story_utf8 = STORY.encode()
    out = [
        Case("good/story.txt", "ok", _bytes(story_utf8)),
        Case("good/page.html", "ok", _bytes(html_page(random.Random(1), 1).encode())),
        Case("good/report.md", "ok", _bytes(text_report(random.Random(2), 2).encode())),
        Case("good/story_copy.txt", "duplicate", _bytes(story_utf8)),
        Case("good/gzipped.txt.gz", "ok", _bytes(gzip.compress(text_report(random.Random(3), 3).encode(), mtime=0))),
        Case("bad/empty.txt", "quarantined", _bytes(b"")),
        Case("bad/blank.txt", "quarantined", _bytes(b" \n\t\n")),
        Case("bad/binary.txt", "quarantined", _bytes(bytes(rng.randrange(256) for _ in range(4000)))),
        Case("bad/png.html", "quarantined", _bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)),
        Case("bad/nul_bytes.txt", "quarantined", _bytes(story_utf8[:40] + b"\x00\x00\x01\x00" + story_utf8[40:])),
        Case("bad/controls.md", "quarantined", _bytes(bytes(range(1, 32)) * 50)),
        Case("bad/truncated.txt.gz", "quarantined", _bytes(_truncated(text_report(random.Random(4), 4).encode()))),
        Case("bad/not_gzip.txt.gz", "quarantined", _bytes(b"this was never gzipped")),
        Case("bad/bomb.txt.gz", "quarantined", _bytes(gzip.compress(b"\0" * (60 << 20), 9, mtime=0))),
        Case("bad/bomb.html.gz", "quarantined", _bytes(gzip.compress(b"<p>" + b" " * (60 << 20), 9, mtime=0))),
        Case("bad/script_only.html", "quarantined", _bytes(
            b"<html><head><script>document.write('<p>made by script</p>')</script><style>p{color:red}</style>"
            b"</head><body><noscript></noscript></body></html>")),
        Case("bad/menu_only.html", "quarantined", _bytes(
            b'<html><body><nav><a href="/a">Home</a> <a href="/b">News</a></nav></body></html>')),
        Case("enc/cp1252.txt", "ok", _bytes(ENGLISH_1252.encode("cp1252"))),
        Case("enc/cp1252_french.txt", "ok", _bytes(FRENCH.encode("cp1252"))),
        Case("enc/cp1250.txt", "ok", _bytes(CZECH.encode("cp1250"))),
        Case("enc/invalid_utf8.txt", "ok", _bytes(STORY.encode() + b"Stray bytes \xff\xfe and \x93quotes\x94.\n")),
        Case("enc/meta_lies_1251.html", "ok", _bytes(
            _page("<p>" + FRENCH.split("\n\n")[1] + "</p>", '<meta charset="windows-1251">').encode("cp1252"))),
        Case("enc/meta_lies_utf8.html", "ok", _bytes(
            _page("<p>" + FRENCH.split("\n\n")[1] + "</p>").encode("cp1252"))),
        Case("enc/meta_utf16_ascii.html", "ok", _bytes(
            _page("<p>" + STORY.split("\n\n")[2] + "</p>", '<meta charset="utf-16">').encode())),
        Case("deep/nested_50000.html", "ok", _bytes(_deep(50_000))),
        Case("deep/nested_3000.html", "ok", _bytes(_deep(3_000))),
        Case("many/repeated_lines.txt", "ok", _bytes(
            ("Repeated lines\n\n" + "The same sentence about the harbour appears again and again here.\n" * 40_000)
            .encode())),
        Case("many/numbers.txt", "ok", _bytes(
            ("Many numbers\n\n" + "".join(f"Berth {i} handled {i * 7 % 997 + 3} ships and {i % 89 + 2} ferries, "
                                          f"the log of the port office says.\n\n" for i in range(20_000))).encode())),
        Case("odd/spaces and – dashes (1).txt", "ok", _bytes(STORY.replace("1,200", "1,201").encode())),
        Case("odd/ünïcödé naïve.md", "ok", _bytes(STORY.replace("1,200", "1,202").encode())),
        Case("odd/quote'\"semi;colon $(x).txt", "ok", _bytes(STORY.replace("1,200", "1,203").encode())),
        Case("odd/new\nline.txt", "ok", _bytes(STORY.replace("1,200", "1,204").encode())),
        Case("odd/" + "long" * 60 + ".txt", "ok", _bytes(STORY.replace("1,200", "1,205").encode())),
        Case("odd/UPPER.TXT", "ok", _bytes(STORY.replace("1,200", "1,206").encode())),
        Case("odd/folder.txt/inside.txt", "ok", _bytes(STORY.replace("1,200", "1,207").encode())),
        Case("skip/.hidden.txt", "skipped", _bytes(story_utf8)),
        Case("skip/.git/config.txt", "skipped", _bytes(story_utf8)),
        Case("skip/report.pdf", "skipped", _bytes(b"%PDF-1.4 ...")),
        Case("skip/letter.docx", "skipped", _bytes(b"PK\x03\x04")),
        Case("skip/data.json", "skipped", _bytes(b'{"a": 1}')),
        Case("skip/archive.gz", "skipped", _bytes(gzip.compress(b"x"))),
    ]
    for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        text = STORY.replace("1,200", f"1,{300 + len(out)}")
        out.append(Case(f"enc/{codec}_no_bom.txt", "ok", _bytes(text.encode(codec))))
        bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-32-le": codecs.BOM_UTF32_LE,
               "utf-32-be": codecs.BOM_UTF32_BE}[codec]
        text = STORY.replace("1,200", f"1,{300 + len(out)}")
        out.append(Case(f"enc/{codec}_bom.md", "ok", _bytes(bom + text.encode(codec))))
    if big:
        out += [
            Case("big/text_50mb.txt", "quarantined", _stream(_big_text(50)), big=True),
            Case("big/page_30mb.html", "ok", _stream(_big_page(30)), big=True),
        ]
    return out


def long_line_case(megabytes: float = 5) -> Case:
    """The 5 MB line without a full stop: its claims' sentences must be bounded (issue 11, item 3)."""
    return Case(f"big/line_{megabytes:g}mb.txt", "ok", _stream(_long_line(megabytes)), big=True)


LINKS = {  # name -> (target relative to the folder's parent, fate)
    "links/in.txt": ("input/good/story.txt", "duplicate"),
    "links/out.txt": ("secret.txt", "skipped"),
    "links/out_dir": ("outside", "skipped"),
    "links/loop.txt": ("input/links/loop.txt", "skipped"),
    "links/broken.txt": ("input/links/nothing.txt", "skipped"),
}
SECRET = b"root:x:0:0:a line from outside the input folder that must never be published\n"


def write_hostile(root: Path, big: bool = True, line: bool = False) -> dict[str, str]:
    """Write the hostile folder at root (a secret file and a folder beside it); returns {path: expected fate}."""
    root.mkdir(parents=True, exist_ok=True)
    (root.parent / "secret.txt").write_bytes(SECRET)
    (root.parent / "outside").mkdir(exist_ok=True)
    (root.parent / "outside" / "other.txt").write_bytes(SECRET)
    fates = {}
    for case in cases(big) + ([long_line_case()] if line else []):
        path = root / case.name
        path.parent.mkdir(parents=True, exist_ok=True)
        case.write(path)
        fates[case.name] = case.fate
    for name, (target, fate) in LINKS.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(root.parent / target)
        fates[name] = fate
    os.mkfifo(root / "skip" / "pipe.txt")
    fates["skip/pipe.txt"] = "skipped"
    bad = os.fsencode(root / "skip") + b"/latin1-\xe9t\xe9.txt"  # a file name that is not UTF-8
    with open(bad, "wb") as f:
        f.write(STORY.encode())
    fates[os.fsdecode(bad)[len(str(root)) + 1:]] = "skipped"
    return fates
