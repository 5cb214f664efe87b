"""The error catalogue: every user-facing failure has a stable code and says what to do next.

Codes are greppable and testable (`E012`); messages name the file or value at fault and the
next step, because the person reading them is usually mid-batch and wants to move on.
"""

from __future__ import annotations

from enum import StrEnum


class Code(StrEnum):
    E001 = "cannot read {path}: {why}. Check the path and permissions."
    E002 = "{path} looks binary ({why}), not a page or text. Skip it or convert it to HTML/text first."
    E003 = "{path} is empty. Nothing to read; remove it from the batch."
    E004 = "{path} is {size} MB, over the {limit} MB limit. Split it, or raise the limit with --max-mb."
    E005 = "{path} could not be decoded as text ({why}). Re-save it as UTF-8."
    E006 = "{path}: {why}. The page may be truncated; re-fetch it."
    E007 = "{path} line {line}: not a JSON object ({why}). Fix or remove that line; the other lines were read."
    E008 = "{path} line {line}: missing field {field!r}. Corpus lines need doc_id, format and raw (see FORMAT.md)."
    E009 = "{path}: unknown source kind. orbat reads .html/.htm, .txt, .jsonl, .xml/.rss/.atom feeds and .warc(.gz)."
    E010 = "{path}: no file or directory matches. Check the path or quote the glob."
    E020 = "{path} line {line}: {why}. Fix the knowledge file and run `orbat kb validate` again."
    E021 = "unknown actor {actor!r}. Run `orbat actors` to list ids, or `orbat kb pending` for provisional ones."
    E030 = "cannot open the store at {url}: {why}. Check the --db URL (e.g. sqlite:///orbat.db)."
    E031 = "no document {doc!r} in the store. Run `orbat ingest` first, or list documents with `orbat doc --list`."
    E040 = "the spaCy model {model} is not installed. Run the README setup command (it installs {package})."
    E050 = "{path}: not a valid date {value!r}; use YYYY-MM-DD."
    E060 = "this write needs the server's token: send the header `Authorization: Bearer <token>`."
    E061 = "writes are off: this server was started without a token. Restart `orbat serve` with --token."
    E062 = "{path}: not a bounding box {value!r}; use min_lon,min_lat,max_lon,max_lat in degrees."
    E080 = "batch engine {engine!r}: {why}. Use --engine with one of: {engines}."
    E081 = "the {engine} engine is not installed. Install it with: {pip}"
    E082 = "{doc}: extraction failed ({why}). The batch went on; report this document with the error."
    E070 = "no fact {key!r} in the store. Fact keys look like DOC#r1a2b3c4d5e (see --json output or `orbat picture relations --claims`)."
    E071 = "cannot correct {what}: {why}."
    E072 = "unknown export format {fmt!r}; use one of {formats}."


class OrbatError(Exception):
    """An error a user can act on; str() gives `E0xx message`."""

    def __init__(self, code: Code, **kw: object) -> None:
        self.code = code
        self.kw = kw
        super().__init__(f"{code.name} {code.value.format(**kw)}")


class ReadError(OrbatError):
    """A source that could not be read; the batch goes on without it."""
