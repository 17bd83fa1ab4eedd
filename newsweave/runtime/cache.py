"""What newsweave keeps on this machine between runs, outside any store: the exported and distilled
models, the compiled report and page templates, and what its own modules import and name
(``code_facts.json``, :mod:`~newsweave.runtime.code_digest`). Everything here can be deleted; it is made
again when needed."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def cache_dir() -> Path:
    """Where exported models are kept: ``$NEWSWEAVE_CACHE``, else ``$XDG_CACHE_HOME/newsweave``."""
    if os.environ.get("NEWSWEAVE_CACHE"):
        return Path(os.environ["NEWSWEAVE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsweave"


def template_cache() -> Any:
    """A Jinja2 bytecode cache in :func:`cache_dir` (``templates/``), or ``None`` where that folder
    cannot be made. Jinja2 compiles every template to Python at its first use in a process: each
    ``newsweave run`` paid that again for the same templates (about a third of writing a small
    report). The cache is keyed by each template's source, so an edited template is compiled anew;
    a cache file that cannot be read or written is skipped, never an error."""
    from jinja2 import FileSystemBytecodeCache

    class QuietBytecodeCache(FileSystemBytecodeCache):
        def load_bytecode(self, bucket: Any) -> None:
            try:
                super().load_bytecode(bucket)
            except OSError as exc:  # the folder replaced or unreadable meanwhile: compile instead
                log.debug("compiled template not read: %s", exc)

        def dump_bytecode(self, bucket: Any) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError as exc:  # a full disk, a folder made read-only meanwhile
                log.debug("compiled template not cached: %s", exc)

    folder = cache_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.debug("no template cache in %s: %s", folder, exc)
        return None
    return QuietBytecodeCache(str(folder))
