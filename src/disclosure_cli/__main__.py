"""`python -m disclosure_cli` runs the `disclosure` command."""

from .cli import main

main()
