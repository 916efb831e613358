"""The whole built site is valid HTML by the W3C Nu HTML checker (npm ``vnu-jar``, run on Java)."""

from __future__ import annotations

import json
import subprocess
from collections import defaultdict
from urllib.parse import unquote, urlsplit

VNU_TIMEOUT_SECONDS = 180


EXAMPLES_SHOWN = 3


def location(message: dict, site_root: str) -> str:
    """``az/events/x/index.html:12:5``, relative to the site."""
    path = unquote(urlsplit(message.get("url", "")).path)
    path = path[len(site_root) + 1:] if path.startswith(site_root + "/") else path or "?"
    return f"{path}:{message.get('lastLine', message.get('firstLine', '?'))}:{message.get('lastColumn', '?')}"


def summary(errors: list[dict], site_root: str) -> str:
    """Errors grouped by message (a template bug repeats on every page): count, then a few places with extracts."""
    by_message = defaultdict(list)
    for error in errors:
        by_message[f"{error.get('type')}: {error.get('message')}"].append(error)
    lines = [f"{len(errors)} HTML error(s), {len(by_message)} different:"]
    for text, group in sorted(by_message.items(), key=lambda item: -len(item[1])):
        lines.append(f"{text} [{len(group)} time(s)]")
        for error in group[:EXAMPLES_SHOWN]:
            extract = (error.get("extract") or "").replace("\n", "\u21b5")
            lines.append(f"    {location(error, site_root)}: {extract}")
        if len(group) > EXAMPLES_SHOWN:
            lines.append(f"    ... and {len(group) - EXAMPLES_SHOWN} more")
    return "\n".join(lines)


def test_every_page_is_valid_html(built_sites, vnu_command):
    site_root = built_sites.plain.root.resolve()
    result = subprocess.run([*vnu_command, "--skip-non-html", "--errors-only", "--format", "json", str(site_root)],
                            check=False, capture_output=True, text=True, timeout=VNU_TIMEOUT_SECONDS)
    try:
        messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    except (json.JSONDecodeError, KeyError):
        raise AssertionError(f"vnu exited {result.returncode} without a JSON report:\n"
                             f"{result.stdout}\n{result.stderr}") from None
    errors = sorted((message for message in messages if message.get("type") != "info"),
                    key=lambda message: location(message, str(site_root)))
    assert not errors, summary(errors, str(site_root))
    assert result.returncode == 0, f"vnu exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
