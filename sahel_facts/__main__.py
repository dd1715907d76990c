"""``python -m sahel_facts``: the same as the ``sahel-facts`` command."""

import sys

from .cli import main

sys.exit(main())
