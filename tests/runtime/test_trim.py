import os
import platform

import pytest

from newsweave.runtime.trim import _libc, release_freed_memory


@pytest.mark.skipif(platform.system() != "Linux" or _libc() is None, reason="needs glibc's malloc_trim")
def test_freed_heap_memory_goes_back_to_the_system():
    def rss():  # resident bytes (Linux)
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    release_freed_memory()
    before = rss()
    # 256 MB in 32 KB buffers (below glibc's mmap threshold, so they come from its heap), every
    # other one kept: the heap cannot shrink from its top, only by whole free pages inside it
    blocks = [bytearray(32 * 1024) for _ in range(8_000)]
    kept = blocks[::2]
    del blocks
    held = rss()
    assert held - before > 100 * 2**20
    assert release_freed_memory() is True
    released = rss()
    assert held - released > 50 * 2**20  # the freed half came back, though a live buffer follows each
    assert len(kept) == 4_000
