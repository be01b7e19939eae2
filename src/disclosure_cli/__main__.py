"""`python -m disclosure_cli` and the `disclosure` console script: one command line, then the process ends."""

import gc

# The collector's pace for the command line: a pass after every 50,000 new objects instead of every 700.
# Start-up makes some 30,000 objects that live until the process ends (modules, their functions and
# classes, the formats): at the default pace a one-file check made 41 passes over them, finding nothing
# (8-12 of its ~100 ms here). A folder run still collects; what it makes is freed by reference counting,
# and what waits for a pass is bounded by the pace, not by the number of inputs. Library callers and tests
# (`cli.cli`) keep the interpreter's pace.
PACE = 50_000


def main() -> None:
    gc.set_threshold(PACE, *gc.get_threshold()[1:])
    from .cli import main as run  # imported after: loading the command is most of a one-file check

    run()


if __name__ == "__main__":
    main()
