import sys
from pathlib import Path

from . import build

print(build(Path(sys.argv[1]), Path(sys.argv[2])))
