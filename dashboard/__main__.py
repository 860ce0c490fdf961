"""`python -m dashboard ...`: see dashboard/cli.py and the modules in dashboard/commands/."""
import sys

from dashboard.cli import main

sys.exit(main())
