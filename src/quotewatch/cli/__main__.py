"""`python -m quotewatch.cli`: the same as the `quotewatch` command."""

import sys

from quotewatch.cli import main

sys.exit(main())
