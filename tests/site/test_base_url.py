"""--base-url (SITEURL) is an http(s) URL, a path from the site root, or nothing; anything else is a usage
error of build and diff, and build_site (which serve calls) refuses it too (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from culturelinks.build import build_site
from culturelinks.cli import main
from culturelinks.site.siteurl import base_url

BAD = ["javascript:alert(1)", "/pr\n1", "//evil.example/x", "https://example.org/a?b=1", "https://example.org/a#b",
       "https://user@example.org", "ftp://example.org", "https://", "pr-1", " /pr-1", "/pr 1", '/pr"1', "/pr<1",
       "/pr-1/../x", "https://exa mple.org", "data:text/html,x", "/pr-\u0661", "https://exam_ple.org"]
EXPECTED = ("expected an http(s) URL such as https://example.org/culturelinks, a path from the site root such as "
            "/pr-123, or nothing")


@pytest.mark.parametrize(("value", "normalised"), [
    ("", ""), ("/", ""), ("/pr-123", "/pr-123"), ("/pr-123/", "/pr-123"),
    ("https://example.org", "https://example.org"),
    ("https://example.org/culturelinks/", "https://example.org/culturelinks"),
    ("http://localhost:8000/x", "http://localhost:8000/x"), ("https://host/pr-1/", "https://host/pr-1"),
    ("/a/b_c.d~e%20f", "/a/b_c.d~e%20f"), ("HTTPS://Example.org", "HTTPS://Example.org"),
    ("http://[::1]:8000", "http://[::1]:8000"),
])
def test_good_base_urls_are_kept_without_a_trailing_slash(value, normalised):
    assert base_url(value) == normalised


@pytest.mark.parametrize("value", BAD)
def test_bad_base_urls_are_refused(value):
    with pytest.raises(ValueError, match="^expected an http"):
        base_url(value)


@pytest.mark.parametrize("value", ["javascript:alert(1)", "/pr\n1"])
def test_build_refuses_a_bad_base_url_as_a_usage_error(project: Path, value: str):
    result = CliRunner().invoke(main, ["build", "--base-url", value])
    assert result.exit_code == 2
    assert f"Invalid value for '--base-url': {EXPECTED}, found {value!r}" in result.output
    assert not (project / "output").exists()


def test_diff_refuses_a_bad_base_url_as_a_usage_error(tmp_path: Path):
    data = tmp_path / "events.yaml"
    data.write_text("types: {}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(data), str(data), "--base-url", "javascript:alert(1)"])
    assert result.exit_code == 2
    assert f"Invalid value for '--base-url': {EXPECTED}, found 'javascript:alert(1)'" in result.output


def test_build_site_refuses_it_for_serve_and_other_callers(project: Path):
    from culturelinks.errors import UsageError

    with pytest.raises(UsageError, match="^--base-url: expected an http"):
        build_site(project / "output", base_url="javascript:alert(1)")
    assert not (project / "output").exists()
