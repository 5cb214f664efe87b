"""read_paths / read_file: dispatch by kind, and one clear error per bad source while the batch goes on."""

from __future__ import annotations

import shutil

import pytest

from orbat.errors import ReadError
from orbat.read import read_file, read_paths
from readers_support import FIXTURES

PAGE = "<html><head><title>Caf\u00e9 talk</title></head><body><article><p>{}</p></article></body></html>"
PROSE = "The ceasefire around the capital held for a second day on Sunday, monitors said, as aid trucks waited at the edge of the town."


def split(items):
    docs = [d for d in items if not isinstance(d, ReadError)]
    errs = [d for d in items if isinstance(d, ReadError)]
    return docs, errs


@pytest.fixture
def batch(tmp_path):
    shutil.copy(FIXTURES / "wp_thread.html", tmp_path / "a.html")
    shutil.copy(FIXTURES / "wire.txt", tmp_path / "b.txt")
    return tmp_path


def test_directory_recursive_and_dispatch(batch):
    sub = batch / "deeper"
    sub.mkdir()
    shutil.copy(FIXTURES / "feed.xml", sub / "c.rss")
    docs, errs = split(list(read_paths([batch])))
    assert not errs
    assert sorted(d.format for d in docs) == ["feed", "feed", "html", "text"]


def test_glob(batch):
    docs, errs = split(list(read_paths([str(batch / "*.txt")])))
    assert len(docs) == 1 and docs[0].format == "text" and not errs


def test_missing_path_is_e010(tmp_path):
    (err,) = list(read_paths([tmp_path / "nope" / "*.html"]))
    assert isinstance(err, ReadError) and err.code.name == "E010"


def test_binary_nul_and_magic(batch):
    (batch / "x.html").write_bytes(b"<html>\x00\x00\x01binary")
    (batch / "y.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    docs, errs = split(list(read_paths([batch])))
    assert len(docs) == 2  # the good pages still read
    codes = {e.code.name for e in errs}
    assert codes == {"E002"}
    assert any("x.html" in str(e) for e in errs) and any("PNG" in str(e) for e in errs)


def test_empty_file(batch):
    (batch / "empty.txt").write_bytes(b"")
    (batch / "blank.html").write_bytes(b"  \n\n ")
    docs, errs = split(list(read_paths([batch])))
    assert len(docs) == 2 and [e.code.name for e in errs] == ["E003", "E003"]


def test_cp1252_page_reads(tmp_path):
    p = tmp_path / "old.html"
    p.write_bytes(PAGE.format(PROSE + " Caf\u00e9s \u2013 closed.").encode("cp1252"))
    (doc,) = read_file(p)
    assert "Caf\u00e9s \u2013 closed" in doc.body


def test_stray_undefined_byte_reads_with_replacement(tmp_path):
    p = tmp_path / "stray.txt"
    p.write_bytes(("Headline of the page\n\n" + PROSE).encode("ascii") + b" caf\xe9 and \x81 there.\n")
    (doc,) = read_file(p)
    assert "caf\u00e9 and \ufffd there" in doc.body


def test_mixed_encoding_reads_each_line(tmp_path):
    p = tmp_path / "mixed.txt"
    data = ("Title of a mixed page\n\n" + PROSE + " Na\u00efve.\n\n").encode("utf-8") + (
        PROSE + " D\u00e9j\u00e0 vu.\n"
    ).encode("cp1252")
    p.write_bytes(data)
    (doc,) = read_file(p)
    assert "Na\u00efve" in doc.body and "D\u00e9j\u00e0 vu" in doc.body


def test_undecodable_is_e005(tmp_path):
    p = tmp_path / "noise.txt"
    p.write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x01, 0x02, 0x03]) * 200)
    with pytest.raises(ReadError) as e:
        read_file(p)
    assert e.value.code.name == "E005" and "noise.txt" in str(e.value)


def test_utf16_with_bom_reads(tmp_path):
    p = tmp_path / "u16.txt"
    p.write_bytes("\ufeff".encode("utf-16-le") + ("Headline here\n\n" + PROSE + "\n").encode("utf-16-le"))
    (doc,) = read_file(p)
    assert doc.body.startswith("The ceasefire")


def test_oversize_checked_before_reading(tmp_path):
    p = tmp_path / "huge.html"
    with open(p, "wb") as fh:  # sparse: 3 MB on paper, nothing written
        fh.truncate(3 * 1024 * 1024)
    (err,) = list(read_paths([p], max_mb=1))
    assert err.code.name == "E004" and "huge.html" in str(err) and "--max-mb" in str(err)


def test_truncated_html_reads_what_is_there(tmp_path):
    p = tmp_path / "cut.html"
    p.write_text(
        "<html><head><title>Cut page</title></head><body><article><p>" + PROSE + "</p><p>The second para",
        encoding="utf-8",
    )
    (doc,) = read_file(p)
    assert "ceasefire around the capital" in doc.body


def test_markup_without_text_is_e006(tmp_path):
    p = tmp_path / "shell.html"
    p.write_text(
        "<html><head><script>var a=1;</script></head><body><div></div></body></html>", encoding="utf-8"
    )
    (err,) = list(read_paths([p]))
    assert err.code.name == "E006"


def test_unknown_suffix(tmp_path):
    (tmp_path / "notes.xyz").write_text("just some words that are not a page", encoding="utf-8")
    (tmp_path / "page.bak").write_text(PAGE.format(PROSE), encoding="utf-8")
    docs, errs = split(list(read_paths([tmp_path])))
    assert [e.code.name for e in errs] == ["E009"]
    assert len(docs) == 1 and docs[0].format == "html"  # sniffed from its first bytes


def test_read_file_raises(tmp_path):
    p = tmp_path / "e.txt"
    p.write_bytes(b"")
    with pytest.raises(ReadError) as e:
        read_file(p)
    assert str(e.value).startswith("E003")
