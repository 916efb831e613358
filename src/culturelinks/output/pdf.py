"""The PDF editions: each language's book (site.edition) compiled by Typst, and kept while nothing it shows
changes.

Typst (its Python wheel) was chosen over WeasyPrint on 1,000 events in Russian: 1.4–1.8 s and 0.33 GB
against 37 s and 0.54 GB, Knuth–Plass line breaking, a tagged PDF that its PDF/UA-1 mode refuses to write
without alt text, an outline and index page numbers resolved in one run (README, "The PDF edition"). The
fonts are DejaVu Serif and Sans from Debian's packages (``fonts-dejavu-core``, ``fonts-dejavu-extra``, which
``scripts/setup`` installs): they cover Azerbaijani Latin and Cyrillic, and Typst embeds the subsets used. No
font of the system is read, so the book is the same on every machine with those fonts.

A book is made from its ``key``: the digest of its content, its map, the template, the fonts' files and
Typst's version. The build cache keeps the last PDF of each book or volume under that key (``EditionCache``):
a build whose book is unchanged copies it, without compiling.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import os
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..errors import BuildError
from ..site.edition import Edition

logger = logging.getLogger(__name__)

#: The Typst template, in the theme's templates (its own folder: it is not a Jinja template).
TEMPLATE = Path("edition") / "chronology.typ"
#: The fonts the template names: the book cannot be made without them.
FONT_FILES = ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf",
              "DejaVuSans.ttf", "DejaVuSansMono.ttf")
FONTS_PACKAGES = "fonts-dejavu-core fonts-dejavu-extra"
#: While no volume has more events than this, the books are compiled side by side, one per rendering worker: Typst
#: holds a whole book in memory (0.33 GB at 1,000 events, 3.4 GB at 10,000), so larger ones compile one at a time.
PARALLEL_EVENTS = 1000


@dataclass(frozen=True)
class Book:
    """A book (or a volume of one), made or kept: its file in the site, its PDF and its page count."""

    name: str
    pdf: bytes
    pages: int


@functools.cache
def typst_version() -> str:
    from importlib.metadata import version

    return version("typst")


def missing_fonts(fonts: Path) -> list[str]:
    return [name for name in FONT_FILES if not (fonts / name).is_file()]


#: The fonts the chronology's text is set in: Typst shows a character only when all four have it.
TEXT_FONTS = ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf")
#: What the book prints for a character its fonts lack (PDF/UA-1 refuses a text it cannot show).
REPLACEMENT = "\ufffd"
#: What the book prints for a character PDF/UA-1 forbids in a text (ISO 19005-2, 6.2.11.7.2, as Typst applies it):
#: U+FEFF inside a text is the old zero width no-break space, which Unicode 3.2 gave to U+2060 WORD JOINER.
#: ``check`` refuses all three (U+0000, U+FEFF, U+FFFE) in the data; a Markdown page may still hold a U+FEFF.
PRINTED_AS = {0xFEFF: "\u2060"}


@functools.lru_cache(maxsize=4)
def displayable(fonts: Path) -> frozenset[int]:
    """The characters every text font has (fontTools reads their character maps)."""
    from fontTools.ttLib import TTFont

    maps = []
    for name in TEXT_FONTS:
        with TTFont(fonts / name, lazy=True) as font:
            maps.append(set(font["cmap"].getBestCmap()))
    return frozenset(set.intersection(*maps))


def shown_with(edition: Edition, fonts: Path) -> Edition:
    """``edition`` with each character its fonts lack (a script DejaVu does not cover, an unassigned code point)
    printed as U+FFFD, and a warning naming them: the site shows any text ``check`` accepts, the book all it can.
    A character PDF/UA-1 forbids is printed as the one that means the same (``PRINTED_AS``)."""
    text = edition.text
    if any(chr(code) in text for code in PRINTED_AS):
        text = text.translate(PRINTED_AS)
        edition = dataclasses.replace(edition, content=json.loads(text))
    covered = displayable(fonts)
    lacking = sorted(char for char in set(text) if ord(char) not in covered
                     and unicodedata.category(char) not in ("Zs", "Zl", "Zp", "Cc", "Cf"))
    if not lacking:
        return edition
    logger.warning("the PDF edition %s cannot show %s with its fonts (DejaVu Serif): it prints %s instead",
                   edition.name, ", ".join(f"U+{ord(char):04X}" for char in lacking), REPLACEMENT)
    content = json.loads(text.translate({ord(char): REPLACEMENT for char in lacking}))
    return dataclasses.replace(edition, content=content)


def book_key(edition: Edition, template: Path, fonts: Path) -> str:
    """What the book of ``edition`` is made from, as a digest: the same key, the same PDF."""
    digest = hashlib.sha256()
    digest.update(edition.text.encode())
    digest.update(b"\0" + (edition.map_svg or "").encode())
    digest.update(b"\0" + template.read_bytes())
    for name in FONT_FILES:
        stat = (fonts / name).stat()
        digest.update(f"\0{name}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    digest.update(f"\0typst {typst_version()}".encode())
    return digest.hexdigest()


class _Compilation:
    """One book being compiled by Typst in a process of its own, in a scratch folder."""

    def __init__(self, edition: Edition, template: Path, fonts: Path):
        self.edition, self.template = edition, template
        released = edition.content["date"]
        timestamp = int(datetime.fromisoformat(released).replace(tzinfo=timezone.utc).timestamp())
        self.folder = tempfile.TemporaryDirectory(prefix="culturelinks-edition-")
        root = self.root = Path(self.folder.name)
        (root / "chronology.typ").write_bytes(template.read_bytes())
        (root / "book.json").write_text(edition.text, encoding="utf-8")
        if edition.map_svg is not None:
            (root / "map.svg").write_text(edition.map_svg, encoding="utf-8")
        with open(root / "errors.txt", "wb") as errors:
            self.process = subprocess.Popen([sys.executable, "-c", COMPILE, str(root), str(fonts), str(timestamp)],
                                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors)

    def result(self) -> bytes:
        """The PDF, once the process ended; a BuildError of one line when Typst could not make it."""
        if self.process.returncode != 0:
            detail = " ".join((self.root / "errors.txt").read_text(encoding="utf-8", errors="replace").split())
            raise BuildError(f"could not make the PDF edition in {self.edition.lang} with {self.template}: "
                             f"{detail[:400] or f'Typst exited with {self.process.returncode}'}")
        return (self.root / "book.pdf").read_bytes()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.folder.cleanup()


def compile_books(editions: list[Edition], template: Path, fonts: Path, jobs: int = 1,
                  check: Callable[[], None] = lambda: None) -> dict[str, bytes]:
    """The PDFs of ``editions`` by file name, tagged and PDF/UA-1, compiled by Typst in processes of their own, up to
    ``jobs`` at a time (``serve`` stops them when a newer edit comes: ``check`` raises then); a BuildError of one
    line when Typst cannot make one."""
    missing = missing_fonts(fonts)
    if missing:
        raise BuildError(f"the PDF edition needs the DejaVu fonts in {fonts} ({', '.join(missing)} missing): "
                         f"run scripts/setup, or apt-get install {FONTS_PACKAGES}; "
                         "or build without it: culturelinks build --no-pdf")
    waiting, made = list(editions), {}
    running: list[_Compilation] = []
    try:
        while waiting or running:
            while waiting and len(running) < max(jobs, 1):
                running.append(_Compilation(waiting.pop(0), template, fonts))
            for compilation in [compilation for compilation in running if compilation.process.poll() is not None]:
                running.remove(compilation)
                try:
                    made[compilation.edition.name] = compilation.result()
                finally:
                    compilation.close()
            if running:
                check()
                try:
                    running[0].process.wait(timeout=0.02)
                except subprocess.TimeoutExpired:
                    pass
    finally:
        for compilation in running:
            compilation.close()
    return made


#: ``compile_books``' process: Typst's compilation of the folder's chronology.typ into its book.pdf; a failure is
#: Typst's message, on one line, on stderr. Only Typst is imported: the process starts in a tenth of a second.
COMPILE = """
import sys, typst
folder, fonts, timestamp = sys.argv[1:4]
try:
    typst.compile(folder + "/chronology.typ", output=folder + "/book.pdf", root=folder, font_paths=[fonts],
                  ignore_system_fonts=True, pdf_standards=["ua-1"], timestamp=int(timestamp))
except Exception as exc:
    print(" ".join(str(exc).split()), file=sys.stderr)
    sys.exit(1)
"""


def page_count(pdf: bytes) -> int:
    """The number of pages: the page tree's count (Typst writes one /Count, at the root of its page tree)."""
    import re

    counts = [int(found) for found in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf)]
    counts += [int(found) for found in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", pdf)]
    return max(counts, default=0)


class EditionCache:
    """The last PDF of each book or volume, by key, in the build cache (``editions/<file>.<key>.pdf``, the file's
    name with its folders joined by ``-``)."""

    def __init__(self, folder: Path | None):
        self.folder = folder / "editions" if folder is not None else None

    @staticmethod
    def _stem(name: str) -> str:
        return name.removesuffix(".pdf").replace("/", "-")

    def get(self, name: str, key: str) -> bytes | None:
        if self.folder is None:
            return None
        try:
            return (self.folder / f"{self._stem(name)}.{key}.pdf").read_bytes()
        except OSError:
            return None

    def put(self, name: str, key: str, pdf: bytes) -> None:
        if self.folder is None:
            return
        stem = self._stem(name)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for old in self.folder.glob(f"{stem}.*.pdf"):
                old.unlink()
            kept = self.folder / f"{stem}.{key}.pdf"
            partial = kept.with_suffix(".partial")
            partial.write_bytes(pdf)
            os.replace(partial, kept)
        except OSError:
            pass  # the cache only saves time: the next build makes the book again


def make_books(editions: list[Edition], template: Path, fonts: Path, cache: EditionCache, *, compile: bool = True,
               jobs: int = 1, check: Callable[[], None] = lambda: None) -> dict[str, Book]:
    """The books of ``editions`` by file name: the cached one where its key is unchanged, else compiled (``jobs``
    at a time) and cached; without ``compile``, only the cached ones."""
    keys: dict[str, str] = {}
    if not missing_fonts(fonts):
        shown = []
        for edition in editions:
            check()
            shown.append(shown_with(edition, fonts))
            keys[edition.name] = book_key(shown[-1], template, fonts)
        editions = shown
    found = {name: pdf for name, key in keys.items() if (pdf := cache.get(name, key)) is not None}
    wanted = [edition for edition in editions if edition.name not in found]
    if wanted and compile:
        for name, pdf in compile_books(wanted, template, fonts, jobs, check).items():
            cache.put(name, keys.get(name, ""), pdf)
            found[name] = pdf
    return {edition.name: Book(edition.name, found[edition.name], page_count(found[edition.name]))
            for edition in editions if edition.name in found}
