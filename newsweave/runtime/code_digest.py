"""A digest of the code and rule data a result is made by, for results kept across commands.

A result kept in the store (an article's quotes, a sentence's event date) is read back only while
the code that made it is the same: it is kept under a version naming a digest of that code. The
code is found from the imports of the module that makes the result (:func:`imported_modules`,
following newsweave's own modules only), and the rule data from the rule files those modules name
(:func:`rule_files`); :func:`code_digest` digests both. So an edit to a module the result does not
depend on leaves what was kept readable, and one to a module it does makes it stale.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterable
from importlib import resources
from importlib.util import find_spec

PACKAGE = "newsweave"
RULES = "newsweave.rules"


def _source(module: str) -> str:
    spec = find_spec(module)
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        raise ModuleNotFoundError(module)
    with open(spec.origin, encoding="utf-8") as handle:
        return handle.read()


def _is_module(name: str) -> bool:
    try:
        spec = find_spec(name)
    except ModuleNotFoundError:
        return False
    return spec is not None and spec.origin is not None and spec.origin.endswith(".py")


def _package_of(module: str) -> str:
    spec = find_spec(module)
    is_package = spec is not None and spec.submodule_search_locations is not None
    return module if is_package else module.rsplit(".", 1)[0]


def direct_imports(module: str) -> set[str]:
    """The newsweave modules ``module`` imports (at its top or inside a function): a name imported
    from a module is that module, or the submodule of that name when there is one."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(_source(module))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's own package up
                parts = _package_of(module).split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            if not base.startswith(PACKAGE):
                continue
            subs = {f"{base}.{a.name}" for a in node.names if _is_module(f"{base}.{a.name}")}
            found |= subs
            if len(subs) < len(node.names):
                found.add(base)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith(PACKAGE)}
    found.discard(module)
    return {m for m in found if _is_module(m)}


def imported_modules(roots: Iterable[str], *, data_only: Iterable[str] = ()) -> tuple[str, ...]:
    """``roots`` and every newsweave module they import, directly or through one another (sorted).
    The modules of ``data_only`` (records, tokens: data that the result is made of, not code that
    makes it) are left out, and so is what they import."""
    skip = set(data_only)
    seen: set[str] = set()
    waiting = [m for m in roots if m not in skip]
    while waiting:
        module = waiting.pop()
        if module in seen:
            continue
        seen.add(module)
        waiting.extend(m for m in direct_imports(module) if m not in seen and m not in skip)
    return tuple(sorted(seen))


def rule_files(modules: Iterable[str]) -> tuple[str, ...]:
    """The rule files (``newsweave/rules/*.json``) whose names ``modules`` write out (sorted)."""
    known = {p.name for p in resources.files(RULES).iterdir() if p.name.endswith(".json")}
    named: set[str] = set()
    for module in modules:
        for node in ast.walk(ast.parse(_source(module))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in known:
                named.add(node.value)
    return tuple(sorted(named))


def code_digest(modules: Iterable[str], rules: Iterable[str]) -> str:
    """A digest of the code of ``modules`` and the rule files ``rules``, each under its name."""
    digest = hashlib.sha1()
    for module in modules:
        digest.update(module.encode("utf-8"))
        digest.update(_source(module).encode("utf-8"))
    files = resources.files(RULES)
    for name in rules:
        digest.update(name.encode("utf-8"))
        digest.update(files.joinpath(name).read_bytes())
    return digest.hexdigest()[:16]
