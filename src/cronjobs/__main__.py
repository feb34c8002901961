"""Run `python -m cronjobs`."""

import sys

from cronjobs.cli import main

sys.exit(main())
