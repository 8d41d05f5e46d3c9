import sys

from nnadd.cli import main

sys.exit(main())
