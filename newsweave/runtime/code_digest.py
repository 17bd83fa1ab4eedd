"""A digest of the code and rule data a result is made by, for results kept across commands.

A result kept in the store (an article's quotes, a sentence's event date) is read back only while
the code that made it is the same: it is kept under a version naming a digest of that code. The
code is found from the imports of the module that makes the result (:func:`imported_modules`,
following newsweave's own modules only), and the rule data from the rule files those modules name
(:func:`rule_files`); :func:`code_digest` digests both. So an edit to a module the result does not
depend on leaves what was kept readable, and one to a module it does makes it stale.

Reading a module's imports and names means parsing its source; what a source holds is kept in
:func:`~newsweave.runtime.cache.cache_dir` (``code_facts.json``) under a digest of the source, so a
command does not parse the same unchanged modules again (0.4 s of every ``newsweave run``).
An edited module has another digest and is parsed anew.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import logging
import os
import sys
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from newsweave.runtime.cache import cache_dir

log = logging.getLogger(__name__)

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


FACTS_FILE = "code_facts.json"
FACTS_KEPT = 4000  # source digests the facts file keeps (the newest)


class _Facts:
    """What each source holds (its imports, its string constants naming .json files), by a digest
    of the source and of the code that reads sources (this module, and Python's version: its
    parser): read from the facts file once, parsed for sources it does not hold or holds in
    another shape, written back when something was added. A facts file that cannot be read or
    written is skipped."""

    def __init__(self) -> None:
        self.known: dict[str, dict[str, Any]] | None = None
        self.folder: Path | None = None  # where the facts were read from (at the first use)
        self.added = False

    def _load(self) -> dict[str, dict[str, Any]]:
        if self.known is None:
            self.folder = cache_dir()
            try:
                with open(self.folder / FACTS_FILE, encoding="utf-8") as handle:
                    data = json.load(handle)
                self.known = data if isinstance(data, dict) else {}
            except (OSError, ValueError) as exc:
                log.debug("code facts not read: %s", exc)
                self.known = {}
        return self.known

    def of(self, source: str) -> dict[str, Any]:
        key = hashlib.sha1(f"{_reader()}\0{source}".encode()).hexdigest()
        known = self._load()
        facts = known.get(key)
        if not _well_formed(facts):
            facts = _parse_facts(source)
            known.pop(key, None)
            known[key] = facts
            self.added = True
        assert facts is not None
        return facts

    def save(self) -> None:
        if not self.added or self.known is None:
            return
        self.added = False
        kept = dict(list(self.known.items())[-FACTS_KEPT:])
        folder = self.folder or cache_dir()
        name = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(dir=folder, prefix=".code_facts.", suffix=".tmp")
            with open(handle, "w", encoding="utf-8") as out:
                json.dump(kept, out)
            os.replace(name, folder / FACTS_FILE)
            name = None
        except OSError as exc:  # a read-only or full disk: parse again next time
            log.debug("code facts not kept: %s", exc)
        finally:
            if name is not None:  # not moved in place: never leave the temporary file
                with contextlib.suppress(OSError):
                    os.unlink(name)


@lru_cache(maxsize=1)
def _reader() -> str:
    """What reads sources into facts: this module's code and Python's version (its parser)."""
    try:
        with open(__file__, "rb") as handle:
            own = hashlib.sha1(handle.read()).hexdigest()[:16]
    except OSError:  # run from an archive: the code object stands for the source
        own = hashlib.sha1(_parse_facts.__code__.co_code).hexdigest()[:16]
    return f"{own} {sys.version_info[0]}.{sys.version_info[1]}"


def _well_formed(facts: Any) -> bool:
    """Whether kept facts have the shape :func:`_parse_facts` gives (a file from elsewhere may not)."""
    if not isinstance(facts, dict):
        return False
    imports, strings = facts.get("imports"), facts.get("strings")
    return (
        isinstance(imports, list)
        and all(
            isinstance(i, list)
            and len(i) == 3
            and isinstance(i[0], int)
            and isinstance(i[1], str)
            and isinstance(i[2], list)
            and all(isinstance(n, str) for n in i[2])
            for i in imports
        )
        and isinstance(strings, list)
        and all(isinstance(x, str) for x in strings)
    )


_FACTS = _Facts()


def _parse_facts(source: str) -> dict[str, Any]:
    """The imports of a module's source, each ``[level, module, names]`` (level -1: ``import a, b``;
    else ``from``), and its string constants that end in ``.json``."""
    imports: list[list[Any]] = []
    strings: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            imports.append([node.level, node.module or "", [a.name for a in node.names]])
        elif isinstance(node, ast.Import):
            imports.append([-1, "", [a.name for a in node.names]])
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.endswith(".json"):
            strings.add(node.value)
    return {"imports": imports, "strings": sorted(strings)}


def direct_imports(module: str) -> set[str]:
    """The newsweave modules ``module`` imports (at its top or inside a function): a name imported
    from a module is that module, or the submodule of that name when there is one."""
    found: set[str] = set()
    for level, base, names in _FACTS.of(_source(module))["imports"]:
        if level == -1:
            found |= {name for name in names if name.startswith(PACKAGE)}
            continue
        if level:  # relative: from the module's own package up
            parts = _package_of(module).split(".")
            parts = parts[: len(parts) - level + 1]
            base = ".".join([*parts, base] if base else parts)
        if not base.startswith(PACKAGE):
            continue
        subs = {f"{base}.{name}" for name in names if _is_module(f"{base}.{name}")}
        found |= subs
        if len(subs) < len(names):
            found.add(base)
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
        named |= {name for name in _FACTS.of(_source(module))["strings"] if name in known}
    _FACTS.save()
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
    _FACTS.save()  # what imported_modules and rule_files read, kept for the next command
    return digest.hexdigest()[:16]
