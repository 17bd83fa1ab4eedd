"""The layout by stage holds: each package imports only what its place in the pipeline allows,
and no module imports itself back through others."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "newsweave"
STAGES = {"ingest", "clean", "annotate", "cluster", "synthesize"}
SHARED = {"records", "config", "errors", "rules", "text", "models", "runtime"}
INTERFACES = {"cli", "web", "report"}
ALLOWED = {
    **{stage: SHARED | {stage} for stage in STAGES},
    **{shared: SHARED for shared in ("text", "models", "runtime")},
    "records": {"records", "errors"},
    "errors": {"errors"},
    "config": {"config"},
    "store": {"store", "records", "config", "errors", "text"},
    "pipeline": SHARED | STAGES | {"pipeline", "store"},
    **{
        face: {"pipeline", "store", "records", "config", "errors", "runtime", "text"} | INTERFACES
        for face in INTERFACES
    },
    "__init__": {"pipeline", "records", "config", "errors"},
}
# Known crossings, each with its reason; remove an entry when its crossing goes.
EXCEPTIONS: dict[tuple[str, str], str] = {}


def _imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("newsweave"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("newsweave"))
    return found


def _package(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def test_each_package_imports_only_what_its_place_in_the_pipeline_allows():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = _package(path)
        for module in _imports(path):
            parts = module.split(".")
            target = parts[1] if len(parts) > 1 else "__init__"
            rel = str(path.relative_to(PACKAGE))
            if target not in ALLOWED[own] and (rel, target) not in EXCEPTIONS:
                wrong.append(f"{rel} imports {module}")
    assert wrong == []


def test_the_tests_mirror_the_packages():
    tests = PACKAGE.parent / "tests"
    folders = {p.name for p in tests.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders <= packages, folders - packages
    assert len(folders) >= 8


def test_the_known_crossings_still_exist():
    for (rel, target), _reason in EXCEPTIONS.items():
        assert any(m.split(".")[1] == target for m in _imports(PACKAGE / rel)), f"{rel} no longer imports {target}"


def test_no_module_imports_itself_back_at_import_time():
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        modules[name] = path
    graph = {}
    for name, path in modules.items():
        targets = set()
        for module in _imports(path, top_level_only=True):
            while module not in modules and "." in module:
                module = module.rsplit(".", 1)[0]
            if module in modules and module != name:
                targets.add(module)
        graph[name] = targets

    cycles, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(trail[trail.index(nxt) :] + [nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    # a package's __init__ re-exporting its own modules is not a cycle of the stages
    real = [c for c in cycles if len({m.split(".")[1] if "." in m else m for m in c}) > 1]
    assert real == []
