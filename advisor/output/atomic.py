"""Writing output files atomically: a crash or Ctrl-C never leaves a half-written file, and an
existing file is only replaced when the caller says so."""

from __future__ import annotations

import os
import tempfile

from advisor.errors import AdvisorError


def write_text(path: str, text: str, *, overwrite: bool) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same directory.

    Without ``overwrite`` an existing ``path`` is refused (``error.output-exists``), and the
    final step is a hard link, which fails rather than clobbering a file created meanwhile.
    """
    target = os.path.abspath(path)
    if not overwrite and os.path.lexists(target):
        raise AdvisorError("output-exists", path=path)
    directory = os.path.dirname(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".advisor-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise AdvisorError("cannot-write", path=path, reason=exc.strerror or str(exc)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode())  # a report to share, not a secret: what ``open`` would have made
        if overwrite:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)
            except FileExistsError:
                raise AdvisorError("output-exists", path=path) from None
            except OSError:  # file systems without hard links: check-then-rename
                if os.path.lexists(target):
                    raise AdvisorError("output-exists", path=path) from None
                os.replace(tmp, target)
    except OSError as exc:
        raise AdvisorError("cannot-write", path=path, reason=exc.strerror or str(exc)) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _mode() -> int:
    """The permissions a new file gets from the process's umask (mkstemp always makes 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask

