"""The shape of the code base, checked by reading the source (no Django needed).

- No import cycle between project modules through their top-level imports: imports flow one
  way (campaigns, clusters, exemplars → awards → thiduakt, reports on top).
- No project module (other than a migration or a test) over 800 lines.
- A function-level import (outside migrations) says why it is not at the top:
  ``# noqa: PLC0415 -- <reason>``, as ruff's PLC0415 asks.
"""

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("thiduakt", "campaigns", "clusters", "awards", "exemplars", "reports")
SKIPPED_DIRS = {".venv", ".data", ".git", "node_modules", "__pycache__", "static", "templates", "docs"}
MAX_LINES = 800
NOQA_WITH_REASON = re.compile(r"#\s*noqa:[^#]*\bPLC0415\b[^#]*?\s--\s*\S")


def _python_files(top: Path):
    for path in sorted(top.rglob("*.py")):
        if not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts):
            yield path


def project_files() -> list[Path]:
    """Every Python file of the project: the apps, and the files beside them (conftest, manage, bench)."""
    files = sorted(ROOT.glob("*.py"))
    for name in (*APPS, "bench"):
        files.extend(_python_files(ROOT / name))
    return files


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_migration(path: Path) -> bool:
    return "migrations" in path.relative_to(ROOT).parts


def _is_test(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return "tests" in parts or path.name.startswith("test_") or path.name == "conftest.py"


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def top_level_imports(tree: ast.Module):
    """The import statements run when the module is imported: the module body, its classes, ifs and trys,
    not function bodies nor ``if TYPE_CHECKING:`` blocks."""
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node):
                stack.extend(node.body + node.orelse)
        elif isinstance(node, ast.Try):
            stack.extend(node.body + node.orelse + node.finalbody + [s for h in node.handlers for s in h.body])
        elif isinstance(node, ast.With | ast.ClassDef):
            stack.extend(node.body)


def function_level_imports(tree: ast.Module):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    yield inner


def _resolve(name: str, modules: set[str]) -> str | None:
    """The project module ``name`` refers to, or its nearest enclosing project package."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def import_graph(files: list[Path]) -> dict[str, set[str]]:
    modules = {module_name(p): p for p in files}
    names = set(modules)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = set()
        for node in top_level_imports(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets.update(_resolve(alias.name, names) for alias in node.names)
                continue
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                # "from pkg import sub" imports the submodule sub when there is one.
                targets.add(_resolve(f"{base}.{alias.name}", names) or _resolve(base, names))
        targets.discard(None)
        targets.discard(name)
        graph[name] = targets
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    cycles: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(cycles)


# ---------------------------------------------------------------------------
# The checks of the helpers themselves (so that the project checks can fail)
# ---------------------------------------------------------------------------


def _graph_of(sources: dict[str, str], tmp_path: Path, monkeypatch) -> dict[str, set[str]]:
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    files = []
    for relative, text in sources.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        files.append(path)
    return import_graph(files)


def test_import_cycles_found_through_from_imports_and_submodules(tmp_path, monkeypatch):
    graph = _graph_of(
        {
            "app/__init__.py": "",
            "app/kinds.py": "from app import builders\n",
            "app/builders.py": "from app.kinds import register\n\ndef f():\n    from app import views\n",
            "app/views.py": "import app.kinds\n",
            "app/models.py": "from .jobs import run\n",
            "app/jobs.py": "if TYPE_CHECKING:\n    from app.models import Job\n",
        },
        tmp_path,
        monkeypatch,
    )
    assert graph["app.models"] == {"app.jobs"}
    assert graph["app.jobs"] == set()
    assert import_cycles(graph) == [["app.builders", "app.kinds"]]


def test_function_level_import_needs_a_reason():
    tree = ast.parse(
        "import os\n"
        "def f():\n"
        "    import json  # noqa: PLC0415 -- slow\n"
        "    import csv  # noqa: PLC0415\n"
        "    from re import (\n"
        "        compile,\n"
        "    )\n"
    )
    assert [node.lineno for node in function_level_imports(tree)] == [3, 4, 5]
    lines = ["", "", "    import json  # noqa: PLC0415 -- slow", "    import csv  # noqa: PLC0415"]
    assert [bool(NOQA_WITH_REASON.search(line)) for line in lines[2:]] == [True, False]


# ---------------------------------------------------------------------------
# The project
# ---------------------------------------------------------------------------


def test_no_import_cycle_between_project_modules():
    assert import_cycles(import_graph(project_files())) == []


def test_no_project_module_over_800_lines():
    long = {
        str(path.relative_to(ROOT)): n
        for path in project_files()
        if not (_is_migration(path) or _is_test(path)) and (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_every_function_level_import_says_why():
    missing = []
    # Migrations are outside the lint (.ruff.toml); Django's RunPython functions import inside.
    for path in (p for p in project_files() if not _is_migration(p)):
        lines = path.read_text().splitlines()
        for node in function_level_imports(ast.parse("\n".join(lines), str(path))):
            span = lines[node.lineno - 1 : node.end_lineno]
            if not any(NOQA_WITH_REASON.search(line) for line in span):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert missing == []


def test_every_pdf_goes_through_render_document():
    """One rendering path (issue 18): no module but thiduakt.pdf lays out a PDF by ``render_pdf`` or by parts itself."""
    callers = []
    for path in project_files():
        if _is_test(path) or path.relative_to(ROOT).parts[0] == "bench" or path == ROOT / "thiduakt" / "pdf.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module == "thiduakt.pdf":
                names = {alias.name for alias in node.names} & {"render_pdf", "render_pdf_parts", "render_in_parts"}
                callers.extend(f"{path.relative_to(ROOT)}: {name}" for name in sorted(names))
    assert callers == []
