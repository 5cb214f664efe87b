"""The shipped examples all read, each with its thread shape intact."""

from __future__ import annotations

from pathlib import Path

from orbat.errors import ReadError
from orbat.read import read_paths

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_examples_read():
    docs = list(read_paths([EXAMPLES]))
    assert not [d for d in docs if isinstance(d, ReadError)]
    by_name = {}
    for d in docs:
        by_name.setdefault(Path(d.source).name, []).append(d)
    assert len(by_name["levant_brief_feed.rss"]) == 2
    shapes = {name: [(c.parent is None) for c in ds[0].comments] for name, ds in by_name.items()}
    assert shapes["aleppo_corridor_wordpress.html"] == [True, False, False, True]
    assert shapes["zabadani_deal_disqus.html"] == [True, False, True]
    assert shapes["palmyra_blog_scraped.txt"] == [True, True, False, False, False, True]
    assert shapes["shaddadi_wire.txt"] == [] and shapes["qaryatain_state_media.html"] == []
    for ds in by_name.values():
        for d in ds:
            assert d.title and d.published and d.body
            for c in d.comments:
                assert " ".join(c.text.split()[:6]) not in d.body
