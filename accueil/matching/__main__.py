"""``python -m accueil.matching``: see ``accueil.matching.cli``."""

from accueil.matching.cli import main

raise SystemExit(main(fast_exit=True))
