"""The ``culturelinks`` commands. No logic here: each maps our errors to a message and an exit code."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import errors
from .data.schema import json_schema_text
from .site import siteurl

if TYPE_CHECKING:
    from .build import BuildResult

DATA_HELP = "[default: CULTURELINKS_DATA from pelicanconf.py, data/events.yaml]"
FORMATS = ("text", "json", "github")


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def print_problems(problems: list[errors.Problem], lines: dict[str, list[str]], fmt: str) -> None:
    """``problems`` in the format asked for; ``lines`` are the files' lines (the text format shows them)."""
    if fmt == "json":
        click.echo(errors.format_json(problems), nl=False)
    elif fmt == "github":
        click.echo(errors.format_github(problems), nl=False)
    else:
        click.echo(errors.format_text(problems, lines), nl=False, err=bool(problems))


def _project(data_path: Path | None):
    """The project the command works on (pelicanconf.py's paths and languages, ``--data`` in place of its data)."""
    from .data.inputs import Project

    try:
        return Project.read(data=data_path)
    except ValueError as exc:
        raise errors.UsageError(f"pelicanconf.py: {exc}") from None


def _language(project, code: str | None, option: str) -> str | None:
    """``code`` when it is one of the project's languages; a usage error naming them otherwise."""
    if code is not None and code not in project.languages:
        raise click.BadParameter(f"expected one of {', '.join(project.languages.codes)}, found {code!r}",
                                 param_hint=option)
    return code


def _base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--base-url as SITEURL; a value siteurl refuses is a usage error."""
    try:
        return None if value is None else siteurl.base_url(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


class Commands(click.Group):
    """The commands, with the one place where our errors become a message and an exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except errors.CulturelinksError as exc:
            click.echo(exc.report(), nl=False, err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="culturelinks")
def main() -> None:
    """Validate and publish the chronology of Russian–Azerbaijani cultural relations."""


@main.command()
@click.option("--data", "data_path", type=click.Path(dir_okay=False, path_type=Path),
              help=f"The dataset to check.  {DATA_HELP}")
@click.option("--strict", is_flag=True, help="Fail on warnings (missing translations, unused entries) too.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=_default_format,
              help="text for people, json for tools, github for GitHub Actions annotations "
                   "(the default when GITHUB_ACTIONS=true).  [default: text]")
def check(data_path: Path | None, strict: bool, fmt: str) -> None:
    """Report every problem in the dataset and the Markdown pages at once; exit 1 on errors (or warnings with
    --strict)."""
    from .data import inputs
    from .data.dataset import check_file

    project = _project(data_path)
    checked, lines = check_file(project.data, None, project.languages)
    problems = [*checked.problems, *inputs.problems(project)]
    print_problems(problems, {str(project.data): lines, **errors.source_lines(
        problem for problem in problems if problem.file != str(project.data))}, fmt)
    failing = problems if strict else errors.errors_in(problems)
    sys.exit(1 if failing else 0)


@main.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
def schema(output: Path | None) -> None:
    """Print the dataset's JSON Schema (draft 2020-12) for the site's languages, as committed in
    schema/events.schema.json."""
    text = json_schema_text(_project(None).languages)
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@main.command()
@click.option("--data", "data_path", type=click.Path(dir_okay=False, path_type=Path), help=f"The dataset.  {DATA_HELP}")
@click.option("--strict", is_flag=True, help="Exit 1 when anything is missing or outdated.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
@click.option("--mark-done", nargs=2, metavar="EVENT LANG",
              help="Record that EVENT's LANG title and summary are translated from the current original text.")
@click.option("--from", "source_lang", metavar="LANG",
              help="With --mark-done: the language translated from (default: that of the event's first source).")
def translations(data_path: Path | None, strict: bool, fmt: str, mark_done: tuple[str, str] | None,
                 source_lang: str | None) -> None:
    """What is missing or outdated, per event, field and language, with a percentage per language."""
    from .data.dataset import load_chronology
    from .tools import editing
    from .tools import translations as status

    project = _project(data_path)
    _language(project, source_lang, "--from")
    if mark_done:
        event_id, lang = mark_done
        _language(project, lang, "--mark-done")
        used = editing.mark_translation_done(project.data, event_id, lang, source_lang, project.languages)
        click.echo(f"{event_id}: {lang} marked as translated from the current {used} text")
        return
    chronology, _ = load_chronology(project.data, None, project.languages)
    result = status.report(chronology)
    formatter = {"text": status.format_text, "markdown": status.format_markdown, "json": status.format_json}[fmt]
    click.echo(formatter(result), nl=False)
    sys.exit(1 if strict and result.gaps else 0)


@main.command()
@click.option("--data", "data_path", type=click.Path(dir_okay=False, path_type=Path),
              help=f"The dataset to add to.  {DATA_HELP}")
@click.option("--date", prompt="Date (YYYY, YYYY-MM or YYYY-MM-DD)", help="When, at the precision the source gives.")
@click.option("--type", "type_", prompt="Type (a key of types)", help="A key of the types table.")
@click.option("--place", "places", multiple=True, help="A key of the places table; repeat for several.")
@click.option("--lang", default="en", show_default=True,
              help="The language of --title and --summary (one of the site's); the others are left to translate.")
@click.option("--title", prompt="Title", help="Short plain-text title.")
@click.option("--summary", prompt="Summary (Markdown)", help="What happened, in Markdown.")
@click.option("--source", prompt="Source (a key of sources)", help="The source that attests it.")
@click.option("--locator", help="Where in the source, e.g. '[1;137]'.")
@click.option("--person", "people", multiple=True, help="A key of the people table; repeat for several.")
@click.option("--organisation", "organisations", multiple=True,
              help="A key of the organisations table; repeat for several.")
@click.option("--id", "event_id", help="The permalink id (default: made from the title and the year).")
def new(data_path: Path | None, date: str, type_: str, places: tuple[str, ...], lang: str, title: str, summary: str,
        source: str, locator: str | None, people: tuple[str, ...], organisations: tuple[str, ...],
        event_id: str | None) -> None:
    """Add a well-formed event in its chronological place, keeping the file's comments and layout."""
    from .tools import editing

    project = _project(data_path)
    _language(project, lang, "--lang")
    event = editing.NewEvent(date=date, type=type_, title=title, summary=summary, source=source, lang=lang,
                             places=places, locator=locator, id=event_id, people=people,
                             organisations=organisations)
    added = editing.add_event(project.data, event, project.languages)
    click.echo(f"added '{added}' to {project.data}; translate its title and summary where the file says "
               "(to translate)")


@main.command()
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help="The folder to publish into; replaced only when the build succeeds.")
@click.option("--base-url", callback=_base_url,
              help="Where the site will live, e.g. /pr-123 or https://host/pr-123  "
                   "[default: SITEURL from pelicanconf.py]")
@click.option("--data", "data_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The dataset to publish.  [default: CULTURELINKS_DATA from pelicanconf.py, data/events.yaml]")
@click.option("--no-cache", is_flag=True, help="Render every page, even when nothing changed since the last build.")
@click.option("--no-pdf", is_flag=True,
              help="Leave out the PDF editions (/LANG/chronology-LANG.pdf), for a quicker build; the setting "
                   "CULTURELINKS_PDF = False does so for every build.")
def build(output: Path, base_url: str | None, data_path: Path | None, no_cache: bool, no_pdf: bool) -> None:
    """Build the site with Pelican; on errors in the data, print them, keep the old site and exit 1."""
    from .build import SETTINGS_FILE, ProjectSettings, up_to_date
    from .build import build as build_into

    if not SETTINGS_FILE.is_file():
        raise click.UsageError(f"{SETTINGS_FILE} not found: run culturelinks build from the project root")
    project = ProjectSettings.read(SETTINGS_FILE, data_path, base_url, pdf=not no_pdf)  # pelicanconf.py runs once
    if not no_cache and up_to_date(output, project):  # said without starting Pelican
        click.echo(f"{output}/ is up to date: nothing changed since the last build")
        return
    from . import progress
    # nothing to do needs it

    logging.basicConfig(level=logging.WARNING, format="%(message)s")  # data warnings and Pelican's, on stderr
    result = build_into(output, project, use_cache=not no_cache, report=progress.for_stream())
    if result.up_to_date:
        click.echo(f"{output}/ is up to date: nothing changed since the last build")
    else:
        click.echo(f"built {output}/ in {result.seconds:.1f} s: {what_was_built(result)}")


def what_was_built(result: BuildResult) -> str:
    """``3 events; 47 pages (15 in az, 15 in ru, 15 in en, 2 for all languages); 92 files written, 0 removed``:
    what an editor asks of a build (Pelican's own count, of its articles, is silenced: build.run_pelican)."""
    per_language = [f"{count} in {lang}" if lang else f"{count} for all languages"
                    for lang, count in result.pages_per_language.items()]
    pages = sum(result.pages_per_language.values())
    return (f"{_count(result.events, 'event')}; {_count(pages, 'page')} ({', '.join(per_language)}); "
            f"{_count(result.changed_files, 'file')} written, {result.removed_files} removed")


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"


@main.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port on 127.0.0.1 (0 picks a free one).")
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help="The folder to build into and serve.")
@click.option("--data", "data_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The dataset.  [default: CULTURELINKS_DATA from pelicanconf.py, data/events.yaml]")
def serve(port: int, output: Path, data_path: Path | None) -> None:
    """Build, serve on 127.0.0.1, rebuild on every change to data/, content/ or templates/, and reload
    open tabs; a broken edit shows its problems in the browser while the last good site stays served."""
    from .build import SETTINGS_FILE, ProjectSettings, prepare
    from .data import release
    from .serve.live import LiveBuild
    from .serve.server import DevServer

    if not SETTINGS_FILE.is_file():
        raise click.UsageError(f"{SETTINGS_FILE} not found: run culturelinks serve from the project root")
    project = ProjectSettings.read(SETTINGS_FILE, data_path, "")  # pelicanconf.py runs once per command
    site = prepare(output.absolute(), project).site  # refuses at once an output that plainly is not ours
    with site.locked():  # and the rest as a build does, under the lock, before serving anything
        site.claim()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    watched = (Path("data"), Path("content"), Path("templates"), Path("static"), SETTINGS_FILE,
               release.release_path(SETTINGS_FILE, (project.values or {}).get(release.SETTING)),
               *((data_path.parent,) if data_path else ()))

    def report(status) -> None:
        if status.problems:
            click.echo("\n".join(p["headline"] for p in status.problems), err=True)
            click.echo("the last good site stays served; the browser shows these problems", err=True)
        else:
            click.echo(f"rebuilt (version {status.version}); open tabs reload")

    live = LiveBuild(output, data_path)
    dev = DevServer(output, watched, live, port, report, notice=live.notice)
    try:
        report(dev.start())
    except OSError as exc:
        raise click.ClickException(f"cannot serve on 127.0.0.1:{port}: {exc.strerror}") from None
    click.echo(f"serving {output}/ at {dev.url} — watching data/, content/, templates/, static/ and the release file "
               "(Ctrl+C stops)")
    try:
        dev.stop_event.wait()
    except KeyboardInterrupt:
        pass
    finally:
        dev.stop()
        live.stop()


@main.command()
@click.argument("base")
@click.argument("head")
@click.option("--data", "data_path", type=click.Path(dir_okay=False, path_type=Path),
              help=f"The dataset's path in the repository, for the sides given as git refs.  {DATA_HELP}")
@click.option("--base-url", callback=_base_url,
              help="Where the HEAD site is previewed, for links to the added and changed events.")
@click.option("--format", "fmt", type=click.Choice(("markdown", "json")), default="markdown", show_default=True)
def diff(base: str, head: str, data_path: Path | None, base_url: str | None, fmt: str) -> None:
    """Summarise for review what changed in the data from BASE to HEAD.

    Each of BASE and HEAD is a dataset file or a git ref (the --data file as committed there). Exits 0 even
    when HEAD has errors (they are part of the summary); 2 when a side names no dataset.
    """
    from .data import comparison as compared
    from .tools import diff as data_diff

    project = _project(data_path)
    try:
        comparison = compared.compare(*compared.read_sides(base, head, project.data, project.languages),
                                      project.languages)
    except compared.UnreadableInput as exc:
        raise click.UsageError(str(exc)) from None
    render = data_diff.to_json if fmt == "json" else data_diff.to_markdown
    click.echo(render(comparison, base_url), nl=False)
