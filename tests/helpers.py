import subprocess
import sys

from typer.testing import CliRunner

from advisor.cli import app

runner = CliRunner()


def cli(*args, env=None):
    """Run the CLI in-process; returns the click Result (stdout and stderr separate)."""
    return runner.invoke(app, [str(a) for a in args], env=env)


def cli_process(*args, env=None, input=None):
    """Run `python -m advisor` as a real process (exit code, no traceback, real streams)."""
    return subprocess.run([sys.executable, "-m", "advisor", *map(str, args)], capture_output=True,
                          text=True, env=env, input=input, timeout=60)


def load(path):
    """A shipped or test profile that must be valid (a test fails with its findings otherwise)."""
    from advisor.profile.load import read_file

    profile, findings = read_file(str(path))
    assert profile is not None, [f for f in findings if f.is_error]
    return profile


class deadline:
    """``with deadline(30):`` fails the test instead of hanging it (SIGALRM: main thread, POSIX)."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds

    def _expired(self, signum, frame):
        raise TimeoutError(f"still running after {self.seconds} s: a hang")

    def __enter__(self):
        import signal

        self.previous = signal.signal(signal.SIGALRM, self._expired)
        signal.alarm(self.seconds)
        return self

    def __exit__(self, *exc):
        import signal

        signal.alarm(0)
        signal.signal(signal.SIGALRM, self.previous)
