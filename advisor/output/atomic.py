"""Writing output files atomically: a crash or Ctrl-C never leaves a half-written file, and an
existing file is only replaced when the caller says so."""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager

from advisor.errors import AdvisorError


def _mode_for(target: str) -> int:
    """The permissions a plain ``open(target, "w")`` would leave: an existing file's own, else
    what the umask allows (``mkstemp`` alone would make every output 0600)."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _special(target: str) -> bool:
    """An existing file that is not a regular one (a device, a FIFO): renaming over it would
    replace the device itself (as root, ``--output /dev/null --force`` did)."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def write_text(path: str, text: str, *, overwrite: bool) -> None:
    """Write ``text`` to ``path`` atomically (see ``open_text``)."""
    with open_text(path, overwrite=overwrite) as fh:
        fh.write(text)


def open_text(path: str, *, overwrite: bool):
    """A UTF-8 text stream whose contents land at ``path`` atomically (see ``open_atomic``)."""
    return open_atomic(path, overwrite=overwrite)


def open_binary(path: str, *, overwrite: bool):
    """A binary stream whose contents land at ``path`` atomically (see ``open_atomic``)."""
    return open_atomic(path, overwrite=overwrite, binary=True)


@contextmanager
def open_atomic(path: str, *, overwrite: bool, binary: bool = False):
    """A UTF-8 text stream whose contents land at ``path`` when the block ends without an error,
    through a temporary file in the same directory: a million result rows stream to disk instead
    of being held in memory as one string.

    Without ``overwrite`` an existing ``path`` is refused (``error.output-exists``), and the
    final step is a hard link, which fails rather than clobbering a file created meanwhile.
    With ``overwrite``, a symlink is written through (its target is replaced, the link stays)
    and an existing file keeps its permissions; a device or FIFO is written into, never
    replaced. The temporary file is removed whatever happens, Ctrl-C and SIGTERM included (the
    CLI turns SIGTERM into an exception).
    """
    target = os.path.abspath(path)
    if not overwrite and os.path.lexists(target):
        raise AdvisorError("output-exists", path=path)
    if overwrite and _special(target):  # /dev/null, /dev/stdout, a FIFO: write into it, never replace it
        try:
            with (open(target, "wb") if binary else open(target, "w", encoding="utf-8", newline="")) as fh:
                yield fh
        except OSError as exc:
            raise AdvisorError("cannot-write", path=path, reason=exc.strerror or str(exc)) from None
        return
    if overwrite and os.path.islink(target):
        target = os.path.realpath(target)
    directory = os.path.dirname(target)
    mode = _mode_for(target)
    tmp = None
    try:
        try:
            fd, tmp = tempfile.mkstemp(prefix=".advisor-", suffix=".tmp", dir=directory)
        except OSError as exc:
            raise AdvisorError("cannot-write", path=path, reason=exc.strerror or str(exc)) from None
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")) as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), mode)
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
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
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


@contextmanager
def directory(path: str, *, overwrite: bool):
    """A temporary directory beside ``path`` that becomes ``path`` when the block ends without an
    error (a rename: readers never see half the parts); removed whatever happens otherwise.

    Without ``overwrite`` an existing ``path`` is refused (``error.output-exists``); with it, the
    old directory (or file) is moved aside, the new one renamed in, and the old one deleted.
    """
    import shutil

    target = os.path.abspath(path.rstrip("/\\") or path)
    if not overwrite and os.path.lexists(target):
        raise AdvisorError("output-exists", path=path)
    parent = os.path.dirname(target)
    try:
        tmp = tempfile.mkdtemp(prefix=".advisor-", suffix=".tmp", dir=parent)
        os.chmod(tmp, 0o777 & ~_umask())  # as a plain mkdir would (mkdtemp makes it 0700)
    except OSError as exc:
        raise AdvisorError("cannot-write", path=path, reason=exc.strerror or str(exc)) from None
    try:
        yield tmp
        if os.path.lexists(target):
            if not overwrite:
                raise AdvisorError("output-exists", path=path)
            old = tempfile.mkdtemp(prefix=".advisor-old-", dir=parent)
            os.replace(target, os.path.join(old, "old"))
            os.replace(tmp, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
    except OSError as exc:
        raise AdvisorError("cannot-write", path=path, reason=exc.strerror or str(exc)) from None
    finally:
        if os.path.exists(tmp):
            shutil.rmtree(tmp, ignore_errors=True)


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
