"""Arrows point down: no module inside `rag/` imports, directly or through others, itself.

Imports are read with `ast`, including those inside functions (a lazy import is still an arrow);
only imports under `if TYPE_CHECKING:` are left out, because they never run.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from rag.settings import REPO_ROOT

PACKAGE = REPO_ROOT / "rag"


def module_name(path: Path, top: Path) -> str:
    parts = path.relative_to(top).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return found


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the package modules it imports at run time (at any depth in the file)."""
    modules = {module_name(p, root.parent): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = name.split(".")[: len(name.split(".")) - node.level + is_package]
                    base = ".".join([*anchor, base] if base else anchor)
                # `from rag import x` imports the module rag.x when there is one
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                           for a in node.names]  # fmt: skip
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as a path that starts and ends at the same module, or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_no_import_cycles_in_rag():
    graph = import_graph()
    assert len(graph) > 20 and graph["rag.cli"], "the graph should see the whole package"
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_errors_import_nothing_from_the_package():
    assert import_graph()["rag.errors"] == set()


def test_the_checker_sees_lazy_relative_and_skips_type_checking_imports(tmp_path):
    pkg = tmp_path / "rag"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def f():\n    from rag import b\n")
    (pkg / "b.py").write_text("from .sub import c\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from rag import b\n"
    )
    graph = import_graph(pkg)
    assert graph["rag.a"] == {"rag.b"} and graph["rag.b"] == {"rag.sub.c"}
    assert find_cycle(graph) is None
    (pkg / "sub" / "c.py").write_text("import rag.a\n")
    assert find_cycle(import_graph(pkg)) == ["rag.a", "rag.b", "rag.sub.c", "rag.a"]


def test_only_the_store_speaks_chroma():
    """Chroma's client and its query syntax (`$and`, `$gte`, ...) stay inside `rag/store.py`:
    retrieval and the front ends pass `Filters`."""
    allowed = {"rag.store"}
    speaks = {
        module_name(path, REPO_ROOT)
        for path in PACKAGE.rglob("*.py")
        if re.search(r'chromadb|"\$(and|or|in|nin|eq|ne|gte?|lte?|contains)"', path.read_text())
    }
    assert speaks <= allowed, speaks - allowed
