"""The Markdown pages of content/pages/ get the summaries' HTML policy (issue 12): Pelican's Markdown reader
passes raw HTML through, so culturelinks sanitises what it renders."""

from __future__ import annotations

from pathlib import Path

import html5lib
from hypothesis import given
from hypothesis import strategies as st
from lxml import html

from culturelinks.build import build_site
from culturelinks.text import markup

HOSTILE = """\
Title: About
Slug: about
Lang: en
Summary: A page <script>alert('summary')</script>with <b onclick="x()">markup</b>.

Text with <script>alert(1)</script> a script, <img src="x" onerror="alert(2)"> an image,
<a href="javascript:alert(3)">a script link</a>, <a href="https://example.org/" onclick="alert(4)">a link</a>,
<span style="color:red" lang="az">Şəki</span>, <i lang="az">Bakı</i> and <iframe src="https://evil.example/"></iframe>.

<div class="x" id="y"><p>In a div</p></div>

<style>body { display: none }</style>

## A heading

| a | b |
|---|---|
| 1 | 2 |
"""


def test_raw_html_in_a_page_is_sanitised_like_summaries(project: Path):
    (project / "content" / "pages" / "about.en.md").write_text(HOSTILE, encoding="utf-8")
    build_site(project / "output", settings_file=project / "pelicanconf.py")
    page = (project / "output" / "en" / "about" / "index.html").read_text(encoding="utf-8")
    article = html.fromstring(page).xpath("//article")[0]
    body = html.tostring(article, encoding="unicode")
    for unsafe in ("<script", "onerror", "onclick", "javascript:", "<iframe", "<style", "style=", "<div", "<img",
                   'class="x"', "alert(1)", "display: none"):
        assert unsafe not in body, unsafe
    assert '<i lang="az">Bakı</i>' in body
    assert 'lang="az">Şəki' not in body and "Şəki" in body  # <span> is not allowed: its text stays
    assert '<a href="https://example.org/" rel="noopener noreferrer">a link</a>' in body
    assert "<h2>A heading</h2>" in body and "<td>2</td>" in body
    description = html.fromstring(page).xpath("//meta[@name='description']/@content")[0]
    assert "alert" not in description and description.startswith("A page with markup")


PIECES = ["<script>", "</script>", "<img src=x onerror=alert(1)>", '<a href="javascript:alert(1)">',
          "<a href='https://x.org'>", "</a>", "<i lang=az>", "</i>", "<b onclick=x>", "<style>", "<iframe>",
          "<svg onload=x>", "<!--", "-->", "<h2>",
          "<table><tr><td>", "&lt;", "&", '"', "'", "<", ">", "=", " ", "text", "<p style=color:red>", "<math>",
          "<form action=x>", "<object data=x>", "<base href=//evil>", "<meta http-equiv=refresh>", "<template>"]


@given(fragments=st.lists(st.sampled_from(PIECES), max_size=12))
def test_a_sanitised_page_holds_only_the_allowed_tags_and_attributes(fragments):
    cleaned = markup.sanitize_page("".join(fragments))
    for element in html5lib.parseFragment(cleaned, namespaceHTMLElements=False).iter():
        if not isinstance(element.tag, str) or element.tag == "DOCUMENT_FRAGMENT":
            continue
        assert element.tag in markup.PAGE_TAGS, cleaned
        allowed = markup.PAGE_ATTRIBUTES.get(element.tag, set()) | ({"rel"} if element.tag == "a" else set())
        assert set(element.attrib) <= allowed, cleaned
        assert not element.get("href", "https:").strip().lower().startswith("javascript"), cleaned
