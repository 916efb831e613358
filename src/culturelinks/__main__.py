"""``python -m culturelinks``: the ``culturelinks`` command, for a Python whose scripts are not on PATH."""

from .cli import main

if __name__ == "__main__":
    main(prog_name="culturelinks")
