"""`python -m bot` is the same as the `pimbot` console script."""

from bot.cli import main

raise SystemExit(main())
