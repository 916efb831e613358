"""The ``culturelinks`` commands. No logic here: each maps our errors to a message and an exit code."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from . import errors
from .dataset import check_file
from .schema import json_schema

DEFAULT_DATA = Path("data/events.yaml")
FORMATS = ("text", "json", "github")


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def print_problems(problems: list[errors.Problem], lines: list[str], fmt: str, file_name: str) -> None:
    if fmt == "json":
        click.echo(errors.format_json(problems), nl=False)
    elif fmt == "github":
        click.echo(errors.format_github(problems), nl=False)
    else:
        click.echo(errors.format_text(problems, {file_name: lines}), nl=False, err=bool(problems))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="culturelinks")
def main() -> None:
    """Validate and publish the chronology of Russian–Azerbaijani cultural relations."""


@main.command()
@click.option("--data", "data_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DATA,
              show_default=True, help="The dataset to check.")
@click.option("--strict", is_flag=True, help="Fail on warnings (missing translations, unused entries) too.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=_default_format,
              help="text for people, json for tools, github for GitHub Actions annotations "
                   "(the default when GITHUB_ACTIONS=true).  [default: text]")
def check(data_path: Path, strict: bool, fmt: str) -> None:
    """Report every problem in the dataset at once; exit 1 on errors (or warnings with --strict)."""
    if not data_path.exists():
        raise click.BadParameter(f"{data_path} does not exist (run from the project root or pass --data)",
                                 param_hint="--data")
    checked, lines = check_file(data_path)
    print_problems(checked.problems, lines, fmt, str(data_path))
    failing = checked.problems if strict else errors.errors_in(checked.problems)
    sys.exit(1 if failing else 0)


@main.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
def schema(output: Path | None) -> None:
    """Print the dataset's JSON Schema (draft 2020-12), as committed in schema/events.schema.json."""
    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
