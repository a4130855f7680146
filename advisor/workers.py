"""A process pool that cannot hang: ordered results, and a dead worker is noticed at once.

``multiprocessing.Pool`` waits forever for the task of a worker that died (killed by the
out-of-memory killer, a signal, a crash in a C library); this pool watches each worker's
process as well as its pipe, so a death is seen the moment it happens. The task the dead
worker held is run once more on a fresh worker; if that one dies too, the task's outcome is
``("died", reason)`` and the caller reports it. A task that raises gives ``("error", text)``.

Workers ignore Ctrl-C (the parent decides, and ends them) and die quietly on SIGTERM; one
whose parent has gone exits at its next read or write instead of printing a traceback.
Workers start only when there is a task for them, so a small batch never forks more
processes than it has chunks.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from multiprocessing import connection

ATTEMPTS = 2
"""A task whose worker dies is run once more; a second death is reported, not retried again:
the task itself is then the likely cause (a crash, or memory it cannot have)."""

_BLOCKED = {signal.SIGINT, signal.SIGTERM}


def _context():
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _worker(conn, parent_ends: list) -> None:
    """A worker's life: tasks in, outcomes out, until told to stop or the parent is gone.

    ``parent_ends``: the parent's ends of every worker's pipe, this one's included, which a
    forked child inherits; closed here, so that the parent's death reads as the end of the pipe.
    """
    for end in parent_ends:
        end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _BLOCKED)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if message is None:
            return
        fn, args = message
        try:
            outcome: tuple = ("ok", fn(*args))
        except Exception as exc:
            outcome = ("error", f"{type(exc).__name__}: {str(exc)[:300]}")
        try:
            conn.send(outcome)
        except (EOFError, OSError):  # the parent is gone
            return
        except Exception as exc:  # the result could not be pickled
            try:
                conn.send(("error", f"{type(exc).__name__}: {str(exc)[:300]}"))
            except Exception:
                return


class _Worker:
    def __init__(self, ctx, others: list) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker, args=(child, [self.conn, *(w.conn for w in others)]), daemon=True)
        # block the signals while forking: the child must not take a Ctrl-C before it ignores it
        masked = hasattr(signal, "pthread_sigmask")
        if masked:
            signal.pthread_sigmask(signal.SIG_BLOCK, _BLOCKED)
        try:
            self.process.start()
        finally:
            if masked:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, _BLOCKED)
        child.close()
        self.task: list | None = None  # [index, fn, args, attempts] while busy


def _death(process) -> str:
    process.join(1)
    code = process.exitcode
    if code is not None and code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"


class Pool:
    """``with Pool(jobs) as pool: for outcome in pool.ordered(tasks): ...``

    ``tasks`` yields ``(fn, args)`` (``fn`` a module-level function) or ``(None, outcome)`` for
    an outcome already known, which keeps its place in the order. At most ``ahead`` tasks per
    worker are taken from ``tasks`` before their outcomes are consumed, so memory stays bounded.
    """

    def __init__(self, jobs: int, ahead: int = 2) -> None:
        self.jobs = max(1, jobs)
        self.ahead = ahead
        self.ctx = _context()
        self.workers: list[_Worker] = []
        self.deaths = 0  # workers that died (each task retried or reported)

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        self.close(abort=kind is not None)

    def close(self, abort: bool = False) -> None:
        """Stop the workers: politely when all went well, at once otherwise."""
        for w in self.workers:
            if abort or w.task is not None:
                w.process.terminate()
            else:
                try:
                    w.conn.send(None)
                except (OSError, ValueError):
                    pass
        for w in self.workers:
            w.process.join(2)
            if w.process.is_alive():
                w.process.kill()
                w.process.join(2)
            w.conn.close()
        self.workers = []

    def _idle_worker(self) -> _Worker | None:
        for w in self.workers:
            if w.task is None:
                return w
        if len(self.workers) < self.jobs:
            w = _Worker(self.ctx, self.workers)
            self.workers.append(w)
            return w
        return None

    def ordered(self, tasks):
        """The outcome of every task, in the order of ``tasks``: ("ok", result), ("error",
        text) when it raised, or ("died", reason) when its worker died twice."""
        tasks = iter(tasks)
        done: dict[int, tuple] = {}
        waiting: deque = deque()  # [index, fn, args, attempts] for the next free worker
        taken = given = 0  # tasks taken from ``tasks``; outcomes given out
        exhausted = False
        while True:
            while not exhausted and taken - given < self.ahead * self.jobs:
                try:
                    fn, args = next(tasks)
                except StopIteration:
                    exhausted = True
                    break
                if fn is None:
                    done[taken] = ("ok", args)
                else:
                    waiting.append([taken, fn, args, 0])
                taken += 1
            while waiting:
                w = self._idle_worker()
                if w is None:
                    break
                task = waiting.popleft()
                try:
                    w.conn.send((task[1], task[2]))
                except (OSError, ValueError):  # died while idle: not the task's fault
                    waiting.appendleft(task)
                    self._bury(w)
                    continue
                w.task = task
            while given in done:
                yield done.pop(given)
                given += 1
            if exhausted and given == taken:
                return
            busy = [w for w in self.workers if w.task is not None]
            if not busy:
                continue
            ready = connection.wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
            for w in busy:
                if w.conn in ready or w.conn.poll():
                    try:
                        outcome = w.conn.recv()
                    except (EOFError, OSError):
                        outcome = None
                    if outcome is not None:
                        assert w.task is not None
                        done[w.task[0]] = outcome
                        w.task = None
                        continue
                if w.process.sentinel in ready or not w.process.is_alive():
                    task = w.task
                    assert task is not None
                    reason = _death(w.process)
                    self._bury(w)
                    self.deaths += 1
                    task[3] += 1
                    if task[3] < ATTEMPTS:
                        waiting.appendleft(task)
                    else:
                        done[task[0]] = ("died", reason)

    def _bury(self, w: _Worker) -> None:
        self.workers.remove(w)
        if w.process.is_alive():
            w.process.kill()
        w.process.join(2)
        w.conn.close()


def run_here(fn, args) -> tuple:
    """One task in this process, with the outcome a worker would give."""
    try:
        return ("ok", fn(*args))
    except Exception as exc:
        return ("error", f"{type(exc).__name__}: {str(exc)[:300]}")


def cores() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
