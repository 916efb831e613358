"""The two commands the README opens with, as a person copies them: CI runs them, and a test runs them on a
fresh machine, so neither can drift from what the README says."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def readme_commands() -> list[str]:
    """The lines of the README's first ``sh`` block, without their comments."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^```sh\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    assert block is not None, "README.md opens with no sh block"
    return [re.sub(r"\s+#.*", "", line).strip() for line in block.group(1).splitlines() if line.strip()]
