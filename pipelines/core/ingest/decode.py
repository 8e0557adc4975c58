"""Bytes to text for text and HTML input alike: gzip, BOMs, UTF-16/32, UTF-8, declared charsets, detection.

The one decoder of the input (pipelines.core.ingest.read); for a page, the charset its markup declares is one
more candidate. charset-normalizer ranks the candidate code pages (chaos and coherence); on short or mixed
texts its ranking can put a wrong code page first (cp1252 news read as cp852 or mac_iceland: "companyĺs ôrecordö
… Ç2.3 billion"). So the candidates are weighed again, here, by how their decoded text reads: mojibake puts
letters next to digits, mixes scripts inside a word, strands accented letters, and turns cp1252's smart quotes,
dashes and euro sign (bytes 0x80–0x9F) into letters. No library scores that (ftfy repairs text after the
fact, it does not choose a decoding).

Every function is linear in the payload: detection looks at a bounded sample (at most SAMPLE_BYTES, taken
from across the payload), and the chosen codec then decodes the payload once.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import zlib
from dataclasses import dataclass

BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
SAMPLE_BYTES = 64 * 1024
# Detection often ties between sibling code pages (cp1250/cp1252/cp1257 read most Latin text alike);
# on a tie the one the web uses most wins, as browsers do (WHATWG maps latin-1 to windows-1252).
_PREFERRED = {"utf_8": 0, "cp1252": 1, "iso8859_15": 2, "latin_1": 3, "cp1250": 4}
_ALWAYS_TRIED = ("cp1252", "cp1250")  # the web's legacy code pages, even when the detector leaves them out
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_NON_ASCII_CHAR = re.compile(r"[^\x00-\x7f]")
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}")
# what cp1252 puts in 0x80-0x9F that prose uses: quotes, dashes, ellipsis, euro, bullet, dagger, per mille, ™
_SMART = frozenset("€‚„…†‡‰‹›‘’“”•–—™")
# accented letters that are words on their own (à, è, é, ó ...): standing alone they are not mojibake
_LONE_WORDS = frozenset("àèéòóùáÀÈÉÒÓÙÁ")
_ODD_SYMBOLS = frozenset("¤¦¨¯´¸")
FALLBACK = "utf-8+cp1252"  # UTF-8 text with a few stray bytes, those read as cp1252
# <meta charset=x> and <meta http-equiv="Content-Type" content="text/html; charset=x"> both carry "charset="
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)
# labels browsers treat as another encoding (WHATWG Encoding Standard): Latin-1 and ASCII mean windows-1252,
# and a UTF-16 label in a page that decodes as bytes is a lie (it would not be readable as ASCII at all)
_LABEL_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                  "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "windows-1252": "cp1252",
                  "x-sjis": "shift_jis", "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",
                  "unicode": "utf-8", "x-user-defined": "cp1252"}


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, the codec used, and how sure the choice is (0 to 1)."""

    text: str
    encoding: str
    confidence: float


class GzipTooLarge(ValueError):
    """A gzip stream that decompresses to more than the cap (a gzip bomb, or just too big)."""

    def __init__(self, reached: int, cap: int):
        self.reached, self.cap = reached, cap
        super().__init__(f"decompresses to more than {cap} bytes (stopped at {reached})")


def gunzip(raw: bytes, cap: int) -> bytes:
    """Decompress gzip data (several members allowed), never holding more than `cap` + 1 bytes of output.

    Raises GzipTooLarge when the output would pass `cap`, EOFError when the stream is truncated, zlib.error
    when it is corrupt. Linear in the output, which the cap bounds, so a gzip bomb costs only the cap.
    """
    out = bytearray()
    data = raw
    while True:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        while not d.eof:
            chunk = d.decompress(data, cap + 1 - len(out))  # max_length >= 1: never "unlimited"
            out += chunk
            if len(out) > cap:
                raise GzipTooLarge(len(out), cap)
            data = d.unconsumed_tail
            if not data and not chunk:
                raise EOFError(f"truncated: the compressed stream ends early ({len(out)} bytes decompressed)")
        data = d.unused_data
        if not data:
            return bytes(out)
        if not data.startswith(b"\x1f\x8b"):
            if data.strip(b"\x00"):  # zero padding after the last member is allowed, as gzip does
                raise zlib.error(f"{len(data)} bytes of trailing garbage after the gzip stream")
            return bytes(out)


def gunzip_or_reason(raw: bytes, cap: int, compressed: int | None = None) -> tuple[bytes, str | None]:
    """(decompressed bytes, None), or (b"", the quarantine reason) for a stream too large once decompressed or
    corrupt; `compressed`: the file's size, named in the reason."""
    try:
        return gunzip(raw, cap), None
    except GzipTooLarge as exc:
        origin = f" from {compressed} compressed" if compressed is not None else ""
        return b"", (f"file too large once decompressed: more than {exc.cap} bytes (stopped at {exc.reached}{origin}; "
                     "CLAIMTRAIL_MAX_FILE_BYTES)")
    except (OSError, EOFError, zlib.error) as exc:
        return b"", f"corrupt gzip: {exc}"


def bom_encoding(payload: bytes) -> tuple[str, int] | None:
    """(codec, BOM length) when the payload starts with a byte order mark."""
    for bom, enc in BOMS:
        if payload.startswith(bom):
            return enc, len(bom)
    return None


def nul_pattern_encoding(payload: bytes) -> tuple[str, float] | None:
    """UTF-16 or UTF-32 without a BOM, told by where the NUL bytes fall; (codec, share of NULs where expected).

    Latin text in UTF-16-LE has a NUL in (nearly) every odd byte and none in the even ones; UTF-32 has two or
    three NULs in every four bytes. Other scripts have fewer NULs in UTF-16, so there the lane of NULs needs only
    a fifth of its bytes (a space, digit or punctuation mark every few characters is enough).
    """
    head = payload[:65536]
    n = len(head) // 4 * 4
    if n < 64:  # a few bytes with a NUL are binary as likely as text: too little to tell a pattern
        return None
    quads = n // 4
    share = [head[i:n:4].count(0) / quads for i in range(4)]
    # outside the astral planes the top two bytes of a UTF-32 code unit are NUL, whatever the script
    if share[2] > 0.9 and share[3] > 0.9 and share[0] < 0.5:
        return _if_text(head[:n], "utf-32-le", round(min(share[2:]), 3))
    if share[0] > 0.9 and share[1] > 0.9 and share[3] < 0.5:
        return _if_text(head[:n], "utf-32-be", round(min(share[:2]), 3))
    even, odd = (share[0] + share[2]) / 2, (share[1] + share[3]) / 2
    if odd >= 0.2 and even <= 0.02:
        return _if_text(head[:n], "utf-16-le", round(1 - even, 3))
    if even >= 0.2 and odd <= 0.02:
        return _if_text(head[:n], "utf-16-be", round(1 - odd, 3))
    return None


_WIDE_JUNK = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufffd]")


def _if_text(head: bytes, encoding: str, confidence: float) -> tuple[str, float] | None:
    """The guess, if the head decodes to text (no controls, no private-use or replacement characters): binary
    data can have NULs in every other byte too."""
    text = head.decode(encoding, "replace")
    return (encoding, confidence) if not _WIDE_JUNK.search(text.rstrip("\ufffd")) else None


def sample(payload: bytes, size: int = SAMPLE_BYTES) -> bytes:
    """At most `size` bytes taken from across the payload (windows cut at spaces or newlines)."""
    if len(payload) <= size:
        return payload
    windows, width = 64, size // 64
    step = len(payload) // windows
    parts = []
    for i in range(windows):
        window = payload[i * step:i * step + width]
        # cut at an ASCII space or newline: never inside a multi-byte character of any common encoding
        start = max(window.find(b" "), window.find(b"\n")) if i else 0
        end = max(window.rfind(b" "), window.rfind(b"\n"))
        if start >= 0 and end > start:
            parts.append(window[start:end])
    return b"\n".join(parts)


def _script(ch: str) -> str:
    if ch.isascii():
        return "LATIN"
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "?"


def implausibility(text: str) -> float:
    """Share of the non-ASCII characters that stand where no real text would put them (0 = all plausible).

    Signs of a wrong code page: a control, private-use or box-drawing character; a cased letter touching a
    digit ("Ä2.3"); an upper-case letter inside a lower-case word ("companyÆs"); letters of two scripts in
    one word; an accented letter standing alone that is no word ("a ñ b"). Linear in the text.
    """
    bad = total = 0
    last = len(text) - 1
    for m in _NON_ASCII_CHAR.finditer(text):
        i, ch = m.start(), m.group()
        total += 1
        cat = unicodedata.category(ch)
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i < last else " "
        if cat in ("Cc", "Co", "Cn", "Cs") or "\u2500" <= ch <= "\u259f" or ch in _ODD_SYMBOLS:
            bad += 1
        elif cat in ("Lu", "Ll"):
            if prev.isdigit() or nxt.isdigit() or (cat == "Lu" and prev.islower()):
                bad += 1
            elif not prev.isalpha() and not nxt.isalpha():
                bad += ch not in _LONE_WORDS
            elif (prev.isalpha() and _script(prev) != _script(ch)) or (nxt.isalpha() and _script(nxt) != _script(ch)):
                bad += 1
    return bad / total if total else 0.0


def _smart_penalty(payload: bytes, encoding: str) -> float:
    """Share of the bytes 0x80-0x9F that a codec does not read as cp1252's punctuation, when all of them are
    that punctuation in cp1252 (smart quotes, dashes, euro): then the text is a Windows code page's."""
    present = {b for b in set(payload) if 0x80 <= b <= 0x9F}
    if not present:
        return 0.0
    smart = {}
    for b in present:
        ch = bytes([b]).decode("cp1252", "replace")
        if ch not in _SMART:
            return 0.0
        smart[b] = ch
    misread = 0
    for b, ch in smart.items():
        try:
            misread += bytes([b]).decode(encoding) != ch
        except (UnicodeDecodeError, LookupError):
            misread += 1
    return misread / len(smart)


def _decoding_cp1252(exc: UnicodeDecodeError) -> tuple[str, int]:
    """Error handler: bytes that are not UTF-8 read as cp1252 (the five bytes it leaves undefined as Latin-1)."""
    bad = exc.object[exc.start:exc.end]
    return "".join(bytes([b]).decode("cp1252", "strict") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
                   else chr(b) for b in bad), exc.end


codecs.register_error("claimtrail-cp1252", _decoding_cp1252)


def mostly_utf8(payload: bytes) -> bool:
    """Valid UTF-8 sequences outnumber the stray bytes four to one (judged on a sample): UTF-8 with a few errors."""
    part = sample(payload)
    sequences = _UTF8_SEQUENCE.findall(part)
    good = sum(map(len, sequences))
    stray = len(_NON_ASCII.findall(part)) - good
    return len(sequences) >= 3 and stray * 4 <= len(sequences)


@dataclass(frozen=True)
class _Candidate:
    encoding: str
    score: float
    chaos: float
    implausible: float
    text: str


def _candidates(part: bytes) -> list[_Candidate]:
    """Every code page that decodes the sample, scored (lower is better): chaos, incoherence, implausibility."""
    from charset_normalizer import from_bytes
    from charset_normalizer.cd import coherence_ratio
    from charset_normalizer.md import mess_ratio

    found: dict[str, tuple[float, float, str]] = {}
    for m in from_bytes(part):
        found[m.encoding] = (m.chaos, m.coherence, str(m))
    for enc in _ALWAYS_TRIED:
        if enc not in found:
            try:
                text = part.decode(enc)
            except UnicodeDecodeError:
                continue
            languages = coherence_ratio(text)
            found[enc] = (mess_ratio(text, 1.0), languages[0][1] if languages else 0.0, text)
    out = []
    for enc, (chaos, coherence, text) in found.items():
        implausible = implausibility(text)
        score = chaos + 0.25 * (1 - coherence) + implausible + _smart_penalty(part, enc)
        out.append(_Candidate(enc, round(score, 3), chaos, implausible, text))
    out.sort(key=lambda c: (c.score, _PREFERRED.get(c.encoding, 9)))
    return out


def _confidence(ranked: list[_Candidate]) -> float:
    """How sure the detection is: the winner's own plausibility, halved when a code page that reads the bytes
    differently scores about as well."""
    best = ranked[0]
    conf = max(0.0, 1 - best.chaos) * (1 - best.implausible)
    if any(c.text != best.text and c.score - best.score < 0.05 for c in ranked[1:]):
        conf /= 2
    return round(conf, 3)


def detect(payload: bytes) -> Decoded | None:
    """The most plausible single- or multi-byte decoding of bytes that are not UTF-8; None if none fits."""
    ranked = _candidates(sample(payload))
    for cand in ranked:
        try:
            text = payload.decode(cand.encoding)
        except (UnicodeDecodeError, LookupError):
            continue  # a byte outside the sample the code page lacks: the next candidate
        return Decoded(text, cand.encoding, _confidence(ranked[ranked.index(cand):]))
    return None


def decode(payload: bytes, declared: str | None = None) -> Decoded | None:
    """Decode bytes: BOM, UTF-16/32 by NUL pattern, UTF-8, the declared charset when it reads plausibly, UTF-8
    with stray bytes, then detection; None if hopeless. `declared` is a Python codec name (HTML meta charset)."""
    bom = bom_encoding(payload)
    if bom:
        enc, skip = bom
        try:
            return Decoded(payload[skip:].decode(enc), enc, 1.0)
        except UnicodeDecodeError:
            return None
    if b"\x00" in payload[:65536]:
        wide = nul_pattern_encoding(payload)
        if wide:
            try:
                return Decoded(payload.decode(wide[0]), wide[0], wide[1])
            except UnicodeDecodeError:
                pass
    if not _NON_ASCII.search(payload):
        return Decoded(payload.decode("ascii"), "ascii", 1.0)
    try:
        # bytes that are valid UTF-8 with non-ASCII in them are UTF-8 whatever a meta tag says: scrapers
        # re-encode pages and leave the old declaration behind, and legacy text almost never forms valid UTF-8
        return Decoded(payload.decode("utf-8"), "utf-8", 1.0)
    except UnicodeDecodeError:
        pass
    if declared and declared not in ("utf-8", "utf_8"):
        try:
            text = payload.decode(declared)
        except (UnicodeDecodeError, LookupError):
            text = None
        if text is not None:
            return _declared_or_detected(payload, text, declared)
    if mostly_utf8(payload):
        return Decoded(payload.decode("utf-8", "claimtrail-cp1252"), FALLBACK, 0.8)
    return detect(payload)


def _declared_or_detected(payload: bytes, text: str, declared: str) -> Decoded:
    """A page's declared charset, unless its text reads as mojibake and detection finds a clearly better one."""
    part = sample(payload)
    own = implausibility(part.decode(declared, "replace")) + _smart_penalty(part, declared)
    if own < 0.2:
        return Decoded(text, declared, round(1 - own, 3))
    found = detect(payload)
    if found is not None and implausibility(sample(payload).decode(found.encoding, "replace")) + 0.2 < own:
        return Decoded(found.text, found.encoding, round(found.confidence / 2, 3))  # the declaration lied
    return Decoded(text, declared, round(1 - own, 3))


def declared_charset(payload: bytes) -> str | None:
    """The charset a page declares (XML declaration or meta tag), as a Python codec name, or None."""
    head = payload[:4096]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not m:
        return None
    label = m.group(1).decode("ascii", "replace").lower()
    label = _LABEL_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_page(payload: bytes) -> Decoded | None:
    """Decode page bytes: BOM, UTF-16/32, valid UTF-8, the declared charset unless it reads as mojibake, then
    detection weighed by plausibility; None if hopeless."""
    return decode(payload, declared_charset(payload))
