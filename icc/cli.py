"""The `icc` command: tools usable without the web application."""

import argparse
import sys

from icc.index.method.cli import add_commands as add_index_commands


def main(argv: list[str] | None = None) -> int:
    """Run an `icc` subcommand and return its exit status."""
    parser = argparse.ArgumentParser(prog="icc", description="Intercultural Cities tools.")
    areas = parser.add_subparsers(dest="area", required=True)
    add_index_commands(areas)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
