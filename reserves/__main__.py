"""``python -m reserves``: the ``reserves`` command, where the script is not on PATH."""

import sys

from ._cli.main import main

sys.exit(main())
