"""Tests of the built site: links, HTML validity, accessibility and the language switcher in Chromium."""
