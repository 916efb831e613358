"""Load → validate → model, in one call for the commands that need the model."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..collector import paused_gc
from ..errors import DataError, Problem, split_lines
from ..languages import DEFAULT, Languages
from . import loader
from .validate import Checked, check_source

if TYPE_CHECKING:
    from .model import Chronology


def check_file(path: Path, name: str | None = None, languages: Languages = DEFAULT) -> tuple[Checked, list[str]]:
    """Every problem of a data file for a site in ``languages``, and its lines (for showing them under each
    problem)."""
    name = name or str(path)
    try:
        text = loader.read_text(path, name)
    except DataError as exc:
        return Checked(None, exc.problems), []
    with paused_gc():
        try:
            source = loader.compose(text, name)
        except DataError as exc:
            return Checked(None, exc.problems), split_lines(text)
        return check_source(source, languages), source.lines


def load_source(path: Path, name: str | None = None, languages: Languages = DEFAULT
                ) -> tuple[loader.SourceFile, Checked]:
    """The composed file and its validated data; DataError with every problem when the data has errors."""
    name = name or str(path)
    text = loader.read_text(path, name)
    with paused_gc(keep=True):
        source = loader.compose(text, name)
        checked = check_source(source, languages)
    if not checked.ok or checked.data is None:
        raise DataError(checked.problems)
    return source, checked


def load_chronology(path: Path, name: str | None = None, languages: Languages = DEFAULT
                    ) -> tuple[Chronology, list[Problem]]:
    """The model and any warnings; DataError with every problem when the data has errors."""
    from . import model

    _, checked = load_source(path, name, languages)
    assert checked.data is not None, "load_source raises when there is no data"
    return model.build(checked.data, languages), checked.problems
