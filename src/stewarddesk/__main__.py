import sys

from stewarddesk.cli import main

sys.exit(main())
