"""The process pool: ordered outcomes, a dead worker noticed and its task retried once, never a hang."""

import os
import signal

import pytest

from advisor import workers

from helpers import deadline


def square(x):
    return x * x


def fail(x):
    raise ValueError(f"bad {x}")


def die_once(marker, x):
    """Kill this worker the first time (as the out-of-memory killer would), work the second."""
    if not os.path.exists(marker):
        open(marker, "w").close()
        os.kill(os.getpid(), signal.SIGKILL)
    return x


def die_always(x):
    os.kill(os.getpid(), signal.SIGKILL)


def test_outcomes_come_in_task_order():
    with deadline(60), workers.Pool(2) as pool:
        tasks = [(square, (i,)) for i in range(20)] + [(None, "ready")]
        assert list(pool.ordered(tasks)) == [("ok", i * i) for i in range(20)] + [("ok", "ready")]


def test_an_exception_is_an_outcome_not_a_crash():
    with deadline(60), workers.Pool(2) as pool:
        got = list(pool.ordered([(square, (2,)), (fail, (3,)), (square, (4,))]))
    assert got == [("ok", 4), ("error", "ValueError: bad 3"), ("ok", 16)]


def test_a_dead_worker_is_noticed_and_its_task_retried_once(tmp_path):
    marker = str(tmp_path / "died")
    with deadline(60), workers.Pool(2) as pool:
        got = list(pool.ordered([(square, (i,)) for i in range(5)] + [(die_once, (marker, 7))]
                                + [(square, (i,)) for i in range(5, 9)]))
        assert pool.deaths == 1
    assert got == [("ok", i * i) for i in range(5)] + [("ok", 7)] + [("ok", i * i) for i in range(5, 9)]


def test_a_task_that_kills_every_worker_is_reported_not_retried_forever():
    with deadline(60), workers.Pool(2) as pool:
        got = list(pool.ordered([(square, (1,)), (die_always, (0,)), (square, (3,))]))
        assert pool.deaths == workers.ATTEMPTS
    assert got == [("ok", 1), ("died", "SIGKILL"), ("ok", 9)]


def test_workers_start_only_for_work():
    with deadline(60), workers.Pool(64) as pool:
        assert list(pool.ordered([(square, (3,))])) == [("ok", 9)]
        assert len(pool.workers) == 1


def test_no_worker_outlives_the_pool():
    with deadline(60):
        pool = workers.Pool(2)
        with pool:
            list(pool.ordered([(square, (i,)) for i in range(4)]))
            processes = [w.process for w in pool.workers]
        assert processes and not any(p.is_alive() for p in processes)


def test_an_exception_in_the_consumer_ends_the_workers():
    with deadline(60):
        pool = workers.Pool(2)
        with pytest.raises(KeyboardInterrupt), pool:
            for _ in pool.ordered([(square, (i,)) for i in range(10)]):
                processes = [w.process for w in pool.workers]
                raise KeyboardInterrupt
        assert not any(p.is_alive() for p in processes)
