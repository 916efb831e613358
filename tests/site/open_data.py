"""The open data read back by independent readers: ``frictionless validate`` for ``datapackage.json``, and rdflib
for each page's JSON-LD and ``/data/events.ttl``, which must say all of it (site.turtle). Shared by the fixture
site's tests (tests/site) and the real dataset's (tests/finding).

Nothing is fetched: the pages name schema.org's context (``"@context": "https://schema.org"``) and the tests read
them with ``SCHEMA_CONTEXT`` in its place, the part of that context the pages use.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

from lxml import html
from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

VALIDATE_TIMEOUT_SECONDS = 300
#: The base the site's root-relative IRIs are read against (a build without an absolute SITEURL writes them).
BASE = "http://site.test"
#: The namespace schema.org's JSON-LD context maps its terms to (``http``, as schemaorg/schemaorg#2853 says).
SCHEMA = Namespace("http://schema.org/")
#: Schema.org's context as far as the pages use it: its vocabulary, and the properties it types as IRIs.
SCHEMA_CONTEXT = {"@vocab": str(SCHEMA), "url": {"@type": "@id"}, "sameAs": {"@type": "@id"}}
#: The properties whose values schema.org types as Date: events.ttl types them at their precision.
DATES = {SCHEMA[name] for name in ("startDate", "endDate", "birthDate", "deathDate", "foundingDate", "datePublished")}
_DATE_TYPES = ((re.compile(r"\d{4}-\d{2}-\d{2}"), XSD.date), (re.compile(r"\d{4}-\d{2}"), XSD.gYearMonth),
               (re.compile(r"\d{4}"), XSD.gYear))
#: A page's own resource (``/az/events/x/#event``); events.ttl names each by its page in the common language.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
_PAGE_RESOURCE = re.compile(r"/[a-z]{2}/(events|places|people|organisations)/([^/#]+)/#")


def turtle_graph(site: Path, prefix: str = "") -> Graph:
    return Graph().parse(data=(site / "data" / "events.ttl").read_text("utf-8"), format="turtle",
                         publicID=f"{BASE}{prefix}/data/events.ttl")


def page_graph(page: Path, site: Path, prefix: str = "") -> tuple[Graph, URIRef]:
    """The page's JSON-LD as RDF, and the resource it describes."""
    scripts = html.fromstring(page.read_bytes()).xpath("//script[@type='application/ld+json']/text()")
    assert len(scripts) == 1, page
    data = json.loads(scripts[0])
    assert data["@context"] == "https://schema.org", page
    data["@context"] = SCHEMA_CONTEXT
    url = f"{BASE}{prefix}/{page.parent.relative_to(site).as_posix()}/"
    with warnings.catch_warnings():  # rdflib 7.6's JSON-LD parser uses its own deprecated ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        graph = Graph().parse(data=json.dumps(data), format="json-ld", base=url)
    return graph, URIRef(urljoin(url, data["@id"]))


def described_pages(site: Path) -> Iterator[Path]:
    """Every page with JSON-LD: each event's, and the first page of each person's and organisation's."""
    for kind in ("events", "people", "organisations"):
        yield from sorted(site.glob(f"*/{kind}/*/index.html"))


def same(node: URIRef, common: str = "en") -> URIRef:
    """The IRI events.ttl writes for ``node``: a page's resource as its page in the common language names it, and
    characters no IRI may hold (``{``, a space: a source's address may have them) percent-encoded."""
    named = _PAGE_RESOURCE.sub(lambda match: f"/{common}/{match[1]}/{match[2]}/#", str(node))
    return URIRef(_NOT_IN_IRI.sub(lambda match: "".join(f"%{byte:02X}" for byte in match[0].encode()), named))


def _matches(predicate: Node, said: Literal, written: Node) -> bool:
    """Whether events.ttl's ``written`` is what the page's ``said`` means: a date typed at its precision, a text
    in its language (tests check the language apart), anything else the same value."""
    if not isinstance(written, Literal):
        return False
    if said.datatype is not None:
        return written.datatype == said.datatype and written.toPython() == said.toPython()
    if predicate in DATES:
        datatype = next((kind for pattern, kind in _DATE_TYPES if pattern.fullmatch(str(said))), None)
        return written.datatype == datatype and str(written) == str(said)
    return written.datatype is None and str(written) == str(said)


def unsaid(page: Graph, node: Node, turtle: Graph, twin: Node) -> list[str]:
    """What the page says of ``node`` that events.ttl does not say of ``twin``; a blank node is said when some
    object of the same predicate says all it says."""
    missing = []
    for predicate, value in sorted(page.predicate_objects(node)):
        written = list(turtle.objects(twin, predicate))
        if isinstance(value, BNode):
            found = any(not unsaid(page, value, turtle, candidate) for candidate in written)
        elif isinstance(value, URIRef):
            found = same(value) in written
        else:
            assert isinstance(value, Literal)
            found = any(_matches(predicate, value, candidate) for candidate in written)
        if not found:
            missing.append(f"{twin} {predicate} {value!r}")
    return missing


def unsaid_by_turtle(page: Graph, turtle: Graph) -> list[str]:
    """Every statement of the page (its resources' and the blank nodes under them) that events.ttl lacks."""
    missing = []
    for subject in sorted(set(page.subjects())):
        if isinstance(subject, URIRef):
            missing += unsaid(page, subject, turtle, same(subject))
    return missing


def check_site(site: Path, prefix: str = "") -> tuple[int, list[str]]:
    """How many statements the pages make, and those events.ttl lacks."""
    turtle = turtle_graph(site, prefix)
    made, missing = 0, []
    for page in described_pages(site):
        graph, subject = page_graph(page, site, prefix)
        assert (subject, RDF.type, None) in graph, page
        made += len(graph)
        missing += [f"{page.relative_to(site)}: {line}" for line in unsaid_by_turtle(graph, turtle)]
    return made, missing


def frictionless_validate(package: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "frictionless", "validate", "--json", str(package)],
                          capture_output=True, text=True, timeout=VALIDATE_TIMEOUT_SECONDS)


def assert_valid_package(package: Path) -> None:
    """``frictionless validate`` passes the package: exit 0, no error, every resource validated."""
    result = frictionless_validate(package)
    report = json.loads(result.stdout)
    errors = [error["message"] for task in report["tasks"] for error in task["errors"]] + \
        [error["message"] for error in report.get("errors", [])]
    assert result.returncode == 0 and report["valid"] and errors == [], errors or result.stderr
    assert sorted(task["name"] for task in report["tasks"]) == sorted(
        resource["name"] for resource in json.loads(package.read_text("utf-8"))["resources"])
