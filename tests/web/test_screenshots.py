"""The screenshots people look at are produced and show something (see ``python -m tests.web.screenshots``).

Set CULTURELINKS_SCREENSHOTS=DIR to keep this run's shots in DIR.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

from . import screenshots

MIN_BYTES = 4_000
"""A blank or near-blank page compresses to less than this at 360 px wide."""
MIN_HEIGHT = 300


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


def test_screenshots_are_taken(browser, site_url, event_id, tmp_path):
    out_dir = Path(os.environ.get("CULTURELINKS_SCREENSHOTS") or tmp_path)
    shots = screenshots.plan(event_id)
    written = screenshots.take(browser, site_url, shots, out_dir)
    assert [path.name for path in written] == [f"{shot.name}.png" for shot in shots]
    problems = []
    for shot, path in zip(shots, written, strict=True):
        width, height = png_size(path)
        if width != shot.width or height < MIN_HEIGHT:
            problems.append(f"{path.name}: {width}x{height} px, expected {shot.width} px wide, {MIN_HEIGHT}+ tall")
        if path.stat().st_size < MIN_BYTES:
            problems.append(f"{path.name}: {path.stat().st_size} bytes, looks blank")
    assert not problems, "\n".join(problems)


def test_the_books_pages_are_pictured(built_sites, tmp_path):
    """The title page, a spread of events and an index page of each language's PDF edition, for people to look at:
    each a full A4 page (1191 × 1684 px at 144 dpi; a spread twice as wide), not blank."""
    out_dir = Path(os.environ.get("CULTURELINKS_SCREENSHOTS") or tmp_path)
    written = screenshots.book_pages(built_sites.plain.root, out_dir)
    assert len(written) == 3 * 3
    for path in written:
        width, height = png_size(path)
        expected = 2 * 1191 if "spread" in path.name else 1191
        assert abs(width - expected) <= 2 and abs(height - 1684) <= 2, f"{path.name}: {width}x{height}"
        assert path.stat().st_size > 3 * MIN_BYTES, f"{path.name} looks blank"
