"""``python -m bot`` (``make run``): the same as ``energybridge`` with no sub-command."""

import sys

from bot.cli import main

sys.exit(main())
