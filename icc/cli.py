"""The `icc` command: tools usable without the web application."""

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    """Run an `icc` subcommand and return its exit status."""
    parser = argparse.ArgumentParser(prog="icc", description="Intercultural Cities tools.")
    parser.add_subparsers(dest="area", required=True)
    parser.parse_args(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
