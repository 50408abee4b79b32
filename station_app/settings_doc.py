"""The README's table of settings, written from `Settings`' declarations so it cannot go stale.

    python -m station_app.settings_doc                    # print the table
    python -m station_app.settings_doc --write README.md  # rewrite the table in the README

tests/unit/test_settings_doc.py fails when the README's table differs from this one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import tomli_w

from station_app.config import Settings
from station_app.settings_schema import Declared, Section, allowed, declarations, type_name

BEGIN, END = "<!-- settings-table -->", "<!-- /settings-table -->"


def settings_table_markdown() -> str:
    """One row per key of settings.toml: key, type, default, what is allowed, what it does."""
    lines = ["| key | type | default | allowed | what it does |", "|---|---|---|---|---|"]
    # Plain keys first, then the [tables]: the order they take in the file.
    rows = sorted(declarations(Settings), key=lambda row: isinstance(row.spec, Section))
    for row in rows:
        key = f"[{row.key}]" if isinstance(row.spec, Section) else row.key
        cells = (f"`{key}`", type_name(row), _default(row), allowed(row), row.spec.help)
        lines.append("| " + " | ".join(cell.replace("|", r"\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def _default(row: Declared) -> str:
    if isinstance(row.spec, Section):
        return "—"
    literal = tomli_w.dumps({"v": row.default}).split("=", 1)[1].strip()
    return f"`{literal}`"


def readme_with_settings_table(readme: str) -> str:
    """`readme` with the text between BEGIN and END replaced by the current table, indented as
    the BEGIN line is (the table sits in a list item). Raises ValueError without the markers."""
    try:
        start = readme.index(BEGIN)
        end = readme.index(END, start)
    except ValueError:
        raise ValueError(f"the README has no {BEGIN} … {END} section") from None
    line_start = readme.rfind("\n", 0, start) + 1
    indent = readme[line_start:start]
    table = "".join(indent + line + "\n" for line in settings_table_markdown().splitlines())
    return readme[:start] + BEGIN + "\n" + table + indent + readme[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--write", type=Path, metavar="README",
                        help="rewrite the table between the markers in this file")
    arguments = parser.parse_args(argv)
    if arguments.write is None:
        sys.stdout.write(settings_table_markdown())
        return 0
    text = arguments.write.read_text(encoding="utf-8")
    arguments.write.write_text(readme_with_settings_table(text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
