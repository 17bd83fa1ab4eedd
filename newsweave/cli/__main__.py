"""``python -m newsweave.cli``: the ``newsweave`` command."""

from newsweave.cli import entry_point

entry_point()
