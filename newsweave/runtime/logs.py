"""Log output a person can read after a hostile batch: one line per bad item up to a limit,
then a count (1.7 MB of bad lines once gave 500,000 warning lines), and the extraction
libraries' own messages (trafilatura's ``ERROR:`` lines) kept out unless asked for (``-vv``)."""

from __future__ import annotations

import logging

SHOWN = 50  # warning lines shown before they are only counted
# Libraries that log about the pages they read: what newsweave says of the page is enough.
PAGE_LIBRARIES = ("trafilatura", "htmldate", "justext", "courlan", "warcio", "lxml")


class WarningLimit(logging.Filter):
    """Let the first ``shown`` warnings through; count the rest (errors always pass)."""

    def __init__(self, shown: int = SHOWN) -> None:
        super().__init__()
        self.shown = shown
        self.passed = 0
        self.held = 0

    def filter(self, record: logging.LogRecord) -> bool:
        """Whether ``record`` is printed: every error, and warnings up to the limit."""
        if record.levelno != logging.WARNING:
            return True
        if self.passed < self.shown:
            self.passed += 1
            return True
        self.held += 1
        return False

    def tail(self) -> str | None:
        """The line that says how many warnings were held back (and resets the count), or ``None``."""
        held, self.held = self.held, 0
        if not held:
            return None
        return f"WARNING: {held} more warnings not shown (the first {self.shown} are above; -v shows every one)"


_limit: WarningLimit | None = None


def limit_warnings(shown: int | None) -> None:
    """Put a :class:`WarningLimit` on the root logger's handlers (``None``: show every warning)."""
    global _limit
    _limit = WarningLimit(shown) if shown is not None else None
    for handler in logging.getLogger().handlers:
        for old in [f for f in handler.filters if isinstance(f, WarningLimit)]:
            handler.removeFilter(old)
        if _limit is not None:
            handler.addFilter(_limit)


def held_warnings() -> str | None:
    """The count line of the warnings held back since the last call, if any were."""
    return _limit.tail() if _limit is not None else None


def quiet_page_libraries(debug: bool) -> None:
    """The page libraries' loggers: everything at ``-vv`` (debug), nothing otherwise."""
    for name in PAGE_LIBRARIES:
        logging.getLogger(name).setLevel(logging.DEBUG if debug else logging.CRITICAL + 1)
