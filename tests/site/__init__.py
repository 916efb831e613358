"""Tests of the built site: dates, pages, links, catalogs, golden HTML, atomic and deterministic builds."""
