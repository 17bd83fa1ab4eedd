"""The store's HTTP cache: the validators of the last fetch of each URL, for conditional requests.

Keeps ``http_validators`` (a URL's ``ETag`` and ``Last-Modified``), which the fetcher sends
back so that a server can answer "not modified" instead of the page again.
"""

from __future__ import annotations

from newsweave.store.connection import StoreBase, now


class HttpCacheStore(StoreBase):
    """The validators of fetched URLs (mixed into the Store)."""

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """ETag and Last-Modified of the last fetch of ``url``."""
        row = self.conn.execute("SELECT etag, last_modified FROM http_validators WHERE url=?", (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def save_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Record the ETag and Last-Modified of a fetch of ``url`` (replacing the last ones)."""
        with self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO http_validators (url, etag, last_modified, fetched_at) VALUES (?,?,?,?)",
                (url, etag, last_modified, now()),
            )
