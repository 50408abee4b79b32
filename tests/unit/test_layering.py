"""The layers hold everywhere: who may import whom, read from the source of every module.

The static check parses every .py file of station_app/, sync/ and ui/ and collects its imports:
`import x`, `from x import y` (relative ones resolved) and `importlib.import_module("x")` /
`__import__("x")` with the name written out, so a reach "by name" counts like any import (one
whose name is computed is refused: it cannot be checked). Imports inside functions and under
`if TYPE_CHECKING:` count too. Each broken rule is reported as `file:line imports module`.
Runtime probes back it up with what static reading cannot see (a third-party package that
loads Qt behind our back), and check that the care commands really start without Qt.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("station_app", "sync", "ui")

# The rules. A module "is under" a name when it is that module or inside it.
CORE_NEVER = ("sync", "ui", "PySide6", "shiboken6")  # station_app: the core, no Qt, no ui
SYNC_NEVER = ("ui", "PySide6", "shiboken6")  # sync/: client, protocol and server alike
# ui/ may import station_app and sync: it is the top (its launcher is `station-app`).

HEAD_OFFICE = "sync.server"
# Head office runs without a station: of the core it may use only this shared kernel, the
# pure modules (no storage, no services, no devices) that spell the protocol both ends speak.
# Everything head office reaches counts, also through sync's own shared modules
# (sync.protocol, sync.auth, sync.day_export): the kernel's imports are checked in turn.
SHARED_KERNEL = (
    # China time and the business day: a day is closed on the same calendar at both ends.
    "station_app.clock",
    # The names of the facts a station sends: the protocol's event types.
    "station_app.domain.event_types",
    # Order numbers, pickup codes and the sample catalogue: head office publishes what the
    # demo station seeds itself with, made by one factory so both show the same formats.
    "station_app.domain.order_factory",
    # The pickup token's bytes: head office signs what the counter verifies offline.
    "station_app.security.token_format",
    "station_app.security.token_signing",
    # The enrolment code head office prints and the counter parses.
    "station_app.setup.enrolment_code",
    # How a SQLite file is opened (pragmas, BEGIN IMMEDIATE): a SQLite head office as a counter.
    "station_app.sqlite_file",
)
# Never for head office, whatever the kernel above grows into: the station's own machinery
# (and `ui`, which no part of sync may import).
SERVER_NEVER = tuple(f"station_app.{name}" for name in (
    "storage", "services", "counter", "devices", "care", "demo_data"))

DYNAMIC = "<a name computed at run time>"


@dataclass(frozen=True)
class Import:
    path: str  # the importing file, relative to the tree's root
    line: int
    module: str  # absolute dotted name, or DYNAMIC

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.module}"


def under(module: str, names: tuple[str, ...]) -> bool:
    return any(module == name or module.startswith(name + ".") for name in names)


def parents(module: str) -> Iterator[str]:
    """`a.b.c` → `a`, `a.b`: the packages Python runs before the module itself."""
    parts = module.split(".")
    for end in range(1, len(parts)):
        yield ".".join(parts[:end])


def module_files(root: Path) -> dict[str, Path]:
    """Every module of the three packages under `root`, by dotted name."""
    found = {}
    for package in PACKAGES:
        for file in sorted((root / package).rglob("*.py")):
            parts = list(file.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = file
    return found


def _absolute(name: str, level: int, package: str) -> str:
    if level == 0:
        return name
    base = package.split(".")[: len(package.split(".")) - (level - 1)]
    return ".".join([*base, name] if name else base)


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def read_imports(root: Path, name: str, file: Path, known: set[str]) -> list[Import]:
    package = name if file.name == "__init__.py" else name.rpartition(".")[0]
    path = file.relative_to(root).as_posix()
    found: list[Import] = []
    for node in ast.walk(ast.parse(file.read_bytes(), filename=path)):
        if isinstance(node, ast.Import):
            found += [Import(path, node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module or "", node.level, package)
            # `from pkg import mod` imports the submodule pkg.mod when there is one
            targets = {f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                       for a in node.names}
            found += [Import(path, node.lineno, target) for target in sorted(targets)]
        elif isinstance(node, ast.Call) and (
                (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
                or (isinstance(node.func, ast.Name)
                    and node.func.id in ("import_module", "__import__"))):
            target = _literal(node.args[0]) if node.args else None
            if target is None:
                found.append(Import(path, node.lineno, DYNAMIC))
                continue
            given = node.args[1] if len(node.args) > 1 else next(
                (k.value for k in node.keywords if k.arg == "package"), None)
            anchor = _literal(given) or package
            level = len(target) - len(target.lstrip("."))
            found.append(Import(path, node.lineno, _absolute(target[level:], level, anchor)))
    return found


def all_imports(root: Path) -> dict[str, list[Import]]:
    files = module_files(root)
    known = set(files)
    return {name: read_imports(root, name, file, known) for name, file in files.items()}


def check_layers(root: Path, kernel: tuple[str, ...] = SHARED_KERNEL) -> list[str]:
    """Every import under `root` that breaks a rule, as `file:line imports module`."""
    imports = all_imports(root)
    broken: list[str] = []
    for name, found in imports.items():
        never = {"station_app": CORE_NEVER, "sync": SYNC_NEVER}.get(name.split(".")[0])
        if never is None:
            continue  # ui: the top
        for edge in found:
            if edge.module == DYNAMIC:
                broken.append(f"{edge} (name the module, so the layers can be checked)")
            elif under(edge.module, never):
                broken.append(str(edge))
    broken += head_office_violations(imports, kernel)
    return broken


def kernel_packages(kernel: tuple[str, ...]) -> set[str]:
    """The kernel's modules and the packages they sit in (which run first)."""
    return {*kernel, *(p for module in kernel for p in parents(module))}


def head_office_reach(imports: dict[str, list[Import]], kernel: tuple[str, ...] = SHARED_KERNEL
                      ) -> dict[str, tuple[str, Import] | None]:
    """Every first-party module head office imports, with the module and import that first
    reached it (None for head office's own). Parent packages run too, so they count. Not
    followed further: what head office must not import at all (reported where it is)."""
    allowed = kernel_packages(kernel)
    start = [name for name in imports if under(name, (HEAD_OFFICE,))]
    reached: dict[str, tuple[str, Import] | None] = dict.fromkeys(start)
    queue = deque(start)
    while queue:
        importer = queue.popleft()
        for edge in imports.get(importer, []):
            for target in (*parents(edge.module), edge.module):
                if under(target, PACKAGES) and target not in reached:
                    reached[target] = (importer, edge)
                    if under(target, ("sync",)) or target in allowed:
                        queue.append(target)
    return reached


def head_office_violations(imports: dict[str, list[Import]], kernel: tuple[str, ...]) -> list[str]:
    allowed = kernel_packages(kernel)
    reached = head_office_reach(imports, kernel)
    broken = []
    for name in reached:
        if not (under(name, ("sync",)) or name in allowed):
            continue  # not run on head office's behalf: its importer is reported
        for edge in imports.get(name, []):
            if under(edge.module, ("station_app",)) and edge.module not in allowed:
                hops = []
                via = reached[name]
                while via is not None:
                    hops.append(f"{via[1].path}:{via[1].line}")
                    via = reached[via[0]]
                route = f" (head office reaches it through {', '.join(reversed(hops))})"
                broken.append(str(edge) + (route if hops else ""))
    return broken


# --- the project's own tree ---------------------------------------------------------------------


def test_every_import_keeps_to_the_layers() -> None:
    imports = all_imports(REPO)
    assert len(imports) > 200 and all(under(name, PACKAGES) for name in imports)
    broken = check_layers(REPO)
    for line in broken:
        print(line)
    assert broken == [], "imports that break the layers:\n" + "\n".join(broken)


def test_the_shared_kernel_is_what_head_office_uses_and_nothing_of_the_station() -> None:
    assert not [module for module in SHARED_KERNEL if under(module, SERVER_NEVER)]
    reached = head_office_reach(all_imports(REPO))
    used = {name for name in reached if under(name, ("station_app",))}
    # A kernel module head office stopped using leaves the list (it would only widen it).
    assert used == kernel_packages(SHARED_KERNEL)
    assert {"sync.protocol", "sync.auth", "sync.day_export"} <= set(reached)


# --- the checker fails when a layer is broken -------------------------------------------------


def write_tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_check_reports_each_broken_rule_with_file_and_line(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "station_app/__init__.py": "",
        "station_app/clock.py": "import datetime\n",
        "station_app/storage/__init__.py": "",
        "station_app/storage/models.py": "from ..clock import datetime\n",  # relative: fine
        "station_app/cli.py": (
            "import importlib\n"
            "from ui import window\n"
            "import PySide6.QtWidgets\n"
            "window = importlib.import_module('ui.app')\n"
            "secrets = importlib.import_module('sync.client.secrets')\n"
            "qt = __import__('shiboken6')\n"
            "hidden = importlib.import_module(name)\n"
            "from .storage import models\n"  # relative, within the core: fine
            "app = importlib.import_module('.app', package='ui')\n"
        ),
        "sync/__init__.py": "",
        "sync/shared.py": "from station_app.storage.models import Row\n",
        "sync/client/__init__.py": "",
        "sync/client/view.py": "from PySide6 import QtCore\nfrom ..shared import Row\n",
        "sync/server/__init__.py": "",
        "sync/server/app.py": (
            "from station_app import clock\n"  # the kernel: fine
            "from ..shared import Row\n"  # shared code that reaches the station's storage
            "from station_app.storage import models\n"
            "import ui.app\n"
        ),
        "ui/__init__.py": "",
        "ui/app.py": "import PySide6\nimport sync.client.view\nfrom station_app import cli\n",
    })
    imports = all_imports(tmp_path)
    assert [i.module for i in imports["station_app.storage.models"]] == ["station_app.clock"]
    assert [i.module for i in imports["sync.client.view"]] == ["PySide6", "sync.shared"]

    broken = check_layers(tmp_path, kernel=("station_app.clock",))
    for line in broken:
        print(line)
    assert sorted(broken) == sorted([
        "station_app/cli.py:2 imports ui",
        "station_app/cli.py:3 imports PySide6.QtWidgets",
        "station_app/cli.py:4 imports ui.app",
        "station_app/cli.py:5 imports sync.client.secrets",
        "station_app/cli.py:6 imports shiboken6",
        "station_app/cli.py:9 imports ui.app",
        f"station_app/cli.py:7 imports {DYNAMIC} (name the module, so the layers can be "
        "checked)",
        "sync/client/view.py:1 imports PySide6",
        "sync/server/app.py:4 imports ui.app",
        "sync/server/app.py:3 imports station_app.storage.models",
        "sync/shared.py:1 imports station_app.storage.models "
        "(head office reaches it through sync/server/app.py:2)",
    ])


def test_a_kernel_module_that_reaches_the_station_is_reported(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "station_app/__init__.py": "",
        "station_app/clock.py": "from station_app.storage import database\n",
        "station_app/storage/__init__.py": "",
        "station_app/storage/database.py": "import sqlite3\n",
        "sync/__init__.py": "",
        "sync/protocol.py": "from station_app.clock import CHINA\n",
        "sync/server/__init__.py": "",
        "sync/server/app.py": "import sync.protocol\n",
    })
    assert check_layers(tmp_path, kernel=("station_app.clock",)) == [
        "station_app/clock.py:1 imports station_app.storage.database (head office reaches it "
        "through sync/server/app.py:1, sync/protocol.py:1)"]
    (tmp_path / "station_app/clock.py").write_text("import datetime\n")
    assert check_layers(tmp_path, kernel=("station_app.clock",)) == []


# --- at run time: what static reading cannot see -----------------------------------------------


def probe(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, capture_output=True,
                          text=True, timeout=120, check=False)


CORE_PROBE = """
import importlib, pkgutil, sys
import station_app
names = [m.name for m in pkgutil.walk_packages(station_app.__path__, "station_app.")
         if not m.name.startswith("station_app.storage.migrations")]
for name in names:
    importlib.import_module(name)
assert len(names) > 20, names
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "ui",
                                                               "sync"))
print(len(names), loaded)
"""


def test_core_modules_never_load_qt_the_ui_or_sync() -> None:
    result = probe(CORE_PROBE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("[]")


HEAD_OFFICE_PROBE = """
import importlib, json, pkgutil, sys
import sync.server
for m in pkgutil.walk_packages(sync.server.__path__, "sync.server."):
    if not m.name.startswith("sync.server.migrations"):  # run by Alembic, not imported
        importlib.import_module(m.name)
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in (
    "station_app", "ui", "PySide6", "shiboken6"))))
"""


def test_head_office_loads_only_the_shared_kernel() -> None:
    result = probe(HEAD_OFFICE_PROBE)
    assert result.returncode == 0, result.stdout + result.stderr
    loaded = set(json.loads(result.stdout))
    assert loaded == kernel_packages(SHARED_KERNEL)


HEADLESS_PROBE = """
import json, sys
from ui.launcher import main
code = main(["backups", "--data-dir", sys.argv[1]])
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6")
                        or (m.startswith("ui.") and m != "ui.launcher"))))
sys.exit(code)
"""


def test_care_commands_start_without_qt(tmp_path: Path) -> None:
    """`station-app backups` on a PC with no display: the launcher loads no window."""
    result = probe(HEADLESS_PROBE, str(tmp_path / "station"))
    assert result.returncode == 1, result.stdout + result.stderr  # 1: no backups yet
    assert "No backups" in result.stdout
    assert json.loads(result.stdout.splitlines()[-1]) == []
