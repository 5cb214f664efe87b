"""Bytes to text, with the failures a crawl actually produces named instead of crashing.

Archives hold UTF-8, Windows-1252, UTF-16 exports, pages glued together from both (mixed
encoding) and files that are not text at all. We try UTF-8 first (the common case, and
strict decoding proves it), decode a mixed file line by line, ask charset-normalizer about
the rest, and only give up (E005) when what comes out is mostly noise.
"""

from __future__ import annotations

import logging
import re

from orbat.errors import Code, ReadError

log = logging.getLogger("orbat.read")

# magic numbers of formats people drop into a folder of pages by mistake
_MAGIC = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (docx/xlsx/epub?)",
    b"\x7fELF": "an executable",
    b"\x1f\x8b": "gzip-compressed data",
    b"BZh": "bzip2-compressed data",
    b"\xd0\xcf\x11\xe0": "an MS Office file",
    b"SQLite format 3": "an SQLite database",
}
_BOMS = [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")]
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_NOISE = re.compile(r"[\ufffd\x00-\x08\x0b\x0e-\x1f\x7f]")


def sniff_binary(data: bytes) -> str | None:
    """Why `data` is not text (a format name, or 'NUL bytes'), or None when it may be text."""
    for bom, _ in _BOMS:
        if data.startswith(bom):
            return None
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return what
    if b"\x00" in data[:65536]:
        return "NUL bytes"
    return None


def decode(data: bytes, path: str = "<bytes>") -> str:
    """Text of `data`; raises ReadError E002 (binary), E003 (empty) or E005 (undecodable)."""
    if not data.strip():
        raise ReadError(Code.E003, path=path)
    why = sniff_binary(data)
    if why:
        raise ReadError(Code.E002, path=path, why=why)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc)
            except UnicodeDecodeError as e:
                raise ReadError(
                    Code.E005, path=path, why=f"bad {enc} after its byte-order mark: {e.reason}"
                ) from e
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _decode_fallback(data, path)
    noise = len(_NOISE.findall(text))
    if noise > max(3, 0.05 * len(text)):
        raise ReadError(
            Code.E005, path=path, why=f"{noise} of {len(text)} characters are not text in any encoding tried"
        )
    return text


def _decode_fallback(data: bytes, path: str) -> str:
    lines = data.split(b"\n")
    utf8_evidence = 0
    for ln in lines:
        if max(ln, default=0) < 0x80:
            continue
        try:
            ln.decode("utf-8")
            utf8_evidence += 1
        except UnicodeDecodeError:
            pass
    if utf8_evidence:
        # some lines are valid non-ASCII UTF-8, others are not: a mixed file; read each line
        # in the encoding it was written in
        log.warning("%s: mixed encodings; lines that are not UTF-8 were read as Windows-1252", path)
        return "\n".join(_line_decode(ln) for ln in lines)
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    high = sum(b >= 0x80 for b in data)
    if high <= 0.1 * len(data):
        # mostly ASCII with a few accents or dashes: the web's legacy default (WHATWG) fits
        # better than a detector's guess from a handful of bytes
        text = data.decode("cp1252", errors="replace")
        if "\ufffd" in text:
            log.warning("%s: not UTF-8; read as Windows-1252, some bytes replaced by \ufffd", path)
        else:
            log.warning("%s: not UTF-8; read as Windows-1252", path)
        return text
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # the detector is a help, never a reason to fail
        best = None
    if best is not None and best.chaos < 0.3:
        log.warning("%s: not UTF-8; read as %s", path, best.encoding)
        return str(best)
    raise ReadError(Code.E005, path=path, why=f"{high} of {len(data)} bytes fit no encoding tried")


def _line_decode(ln: bytes) -> str:
    try:
        return ln.decode("utf-8")
    except UnicodeDecodeError:
        return ln.decode("cp1252", errors="replace")
