"""Screenshots of the site for people to look at: the chooser, each language's timeline and an event page, at a
phone's (360 px) and a desktop's (1280 px) width; and each language's PDF edition: its title page, a spread of
events (two facing pages) and its first index page, rasterized by pdfium.

    python -m tests.web.screenshots OUTDIR [--data PATH]

builds the dataset (default data/events.yaml) into a temporary folder, serves it on 127.0.0.1 and writes
OUTDIR/{chooser,az-timeline,az-event,...}-{360,1280}.png and OUTDIR/{az,ru,en}-book-{title,spread,index}.png.
The web tests take the same shots of their build.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import harness

WIDTHS = (360, 1280)
MAX_HEIGHT = 4000
"""Long pages are cut here: a whole timeline would make an image too tall to look at."""


@dataclass(frozen=True)
class Shot:
    name: str
    url_path: str
    width: int


def plan(event_id: str) -> list[Shot]:
    pages = [("chooser", "/")]
    for language in harness.LANGUAGES:
        pages += [(f"{language}-timeline", f"/{language}/"), (f"{language}-event", f"/{language}/events/{event_id}/")]
    return [Shot(f"{name}-{width}", url_path, width) for name, url_path in pages for width in WIDTHS]


def take(browser, base_url: str, shots: list[Shot], out_dir: Path) -> list[Path]:
    """One PNG per shot, the page from its top down to its end or MAX_HEIGHT."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for shot in shots:
        with harness.open_page(browser, width=shot.width) as page:
            response = page.goto(base_url + shot.url_path)
            if response is None or not response.ok:
                raise RuntimeError(f"{shot.url_path}: HTTP {response.status if response else 'no response'}")
            height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
            path = out_dir / f"{shot.name}.png"
            page.screenshot(path=str(path), full_page=True,
                            clip={"x": 0, "y": 0, "width": shot.width, "height": max(height, 1)})
            written.append(path)
    return written


BOOK_SCALE = 2
"""144 dots per inch (pdfium's scale 1 is 72): an A4 page 1191 × 1684 px, small type still legible."""


def book_pages(site: Path, out_dir: Path) -> list[Path]:
    """Each language's book as pictures: the title page, the first spread of events (an even page and the odd one
    facing it) and the first page of the indexes (the third section from the end of its outline)."""
    import pypdf
    import pypdfium2
    from PIL import Image

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for language in harness.LANGUAGES:
        book = site / language / f"chronology-{language}.pdf"
        reader = pypdf.PdfReader(book)
        sections = [item for item in reader.outline if not isinstance(item, list)]
        first_decade = next(reader.get_destination_page_number(item) for item in sections
                            if any(character.isdigit() for character in item.title))
        left = first_decade + first_decade % 2  # the title page has no number: page i shows number i
        index = reader.get_destination_page_number(sections[-3])
        document = pypdfium2.PdfDocument(str(book))
        try:
            def picture(number: int) -> Image.Image:
                return document[number].render(scale=BOOK_SCALE).to_pil()

            pages = {"title": picture(0), "index": picture(index)}
            pair = [picture(left), picture(min(left + 1, len(document) - 1))]
            spread = Image.new("RGB", (pair[0].width * 2, pair[0].height), "white")
            spread.paste(pair[0], (0, 0))
            spread.paste(pair[1], (pair[0].width, 0))
            pages["spread"] = spread
            for name in ("title", "spread", "index"):
                path = out_dir / f"{language}-book-{name}.png"
                pages[name].save(path)
                written.append(path)
        finally:
            document.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.web.screenshots", description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, metavar="OUTDIR")
    parser.add_argument("--data", type=Path, default=harness.dataset_path(), help="default: %(default)s")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="culturelinks-shots-") as scratch:
        site = Path(scratch) / "site"
        try:
            harness.build_sites(arguments.data.resolve(), {site: None})
        except harness.BuildFailed as failure:
            print(f"the site does not build:\n{failure}", file=sys.stderr)
            return 1
        with harness.serve(site) as base_url, harness.chromium() as browser:
            written = take(browser, base_url, plan(harness.event_in_every_language(site)), arguments.out_dir)
        written += book_pages(site, arguments.out_dir)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
