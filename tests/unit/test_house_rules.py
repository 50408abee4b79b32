"""The house stays easy to change: small rooms, short functions (docs/ARCHITECTURE.md).

A newcomer reads a function on one screen and a desk in one sitting; the shell only routes.
Migrations (generated, run once) and tests are exempt.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MAX_FUNCTION_LINES = 60
MAX_DESK_LINES = 450
MAX_SHELL_LINES = 400  # ui/main_window.py: desk bar, scan routing, status bar, dialogs


def code_files() -> list[Path]:
    return [path for package in ("station_app", "sync", "ui")
            for path in sorted((REPO / package).rglob("*.py"))
            if "migrations" not in path.parts]


def long_functions(path: Path, root: Path = REPO) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.relative_to(root)}:{node.lineno} {node.name} "
            f"({node.end_lineno - node.lineno + 1} lines)"
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.end_lineno is not None
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]


def test_no_function_is_longer_than_a_screen() -> None:
    found = [long for path in code_files() for long in long_functions(path)]
    assert found == [], "\n".join(found)


def test_no_desk_is_longer_than_a_sitting() -> None:
    desks = sorted((REPO / "ui" / "desks").glob("*.py"))
    assert len(desks) > 10
    found = [f"{path.name}: {lines} lines" for path in desks
             if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_DESK_LINES]
    assert found == [], "\n".join(found)


def test_the_window_only_routes() -> None:
    lines = len((REPO / "ui" / "main_window.py").read_text(encoding="utf-8").splitlines())
    assert lines < MAX_SHELL_LINES


def test_the_checks_see_a_long_function(tmp_path: Path) -> None:
    body = "\n".join(f"    x{n} = {n}" for n in range(MAX_FUNCTION_LINES))
    sample = tmp_path / "sample.py"
    sample.write_text(f"def just_fits() -> None:\n{body[:body.rindex(chr(10))]}\n\n"
                      f"def too_long() -> None:\n{body}\n", encoding="utf-8")
    assert long_functions(sample, tmp_path) == [f"sample.py:{MAX_FUNCTION_LINES + 2} too_long "
                                                f"({MAX_FUNCTION_LINES + 1} lines)"]
