"""Process settings for the long numeric runs (``advisor batch`` and its workers).

glibc hands every allocation above its mmap threshold (128 KB at start) fresh pages from the
kernel and gives them back on free, so each large numpy temporary of the projection -- a few
hundred KB for a sub-batch of shops -- pays a page fault per 4 KB page, again and again: 15% of
the model's time. Raising the thresholds keeps freed blocks in the process for reuse. The cost is
memory the process keeps until it exits (bounded by the largest working set, well under the
batch's budget). Elsewhere than glibc this is a no-op.
"""

from __future__ import annotations

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 64 * 1024 * 1024
"""Blocks up to this size come from the heap (a sub-batch's largest array is a few MB)."""
TRIM_THRESHOLD = 256 * 1024 * 1024
"""Free heap memory up to this much stays with the process instead of going back to the kernel."""

_done = False


def keep_freed_memory() -> bool:
    """Tune the allocator once per process; True if it took effect."""
    global _done
    if _done:
        return True
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (macOS, Windows, musl without mallopt)
        return False
    _done = bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
    return _done
