"""Paths on the command line and files written: symlink loops, duplicates, unreadable directories,
patterns matching nothing; output files with the umask's permissions, written through symlinks."""

import os
import stat
import threading

import pytest

from advisor.errors import Terminated
from advisor.output import atomic
from advisor.profile.discover import find_inputs

from conftest import MINIMAL
from helpers import cli, deadline


@pytest.fixture
def looped(tmp_path):
    """clients/L/sub/shop.yaml with ``up -> ..`` and ``up2 -> ../..``: loops for anything that follows them."""
    sub = tmp_path / "clients" / "L" / "sub"
    sub.mkdir(parents=True)
    (sub / "shop.yaml").write_text(MINIMAL)
    (tmp_path / "clients" / "top.yaml").write_text(MINIMAL.replace("Test shop", "Top"))
    (sub / "up").symlink_to("..")
    (sub / "up2").symlink_to("../..")
    return tmp_path / "clients"


@pytest.mark.parametrize("pattern", ["**/*.yaml", "**", "**/**/*.y*ml", "*/sub/*.yaml"])
def test_globs_do_not_follow_symlinked_directories(looped, pattern):
    with deadline(20):
        files, problems = find_inputs([str(looped / pattern)])
    assert problems == []
    expected = {str(looped / "L" / "sub" / "shop.yaml"), str(looped / "top.yaml")}
    assert set(files) == (expected if pattern.startswith("**") else {str(looped / "L" / "sub" / "shop.yaml")})
    assert len(files) == len(set(files))


def test_directory_walks_do_not_follow_them_either(looped):
    with deadline(20):
        result = cli("batch", looped, "--format", "csv")
    assert result.exit_code == 0 and result.stdout.count("\n") == 3  # header and two shops


def test_one_file_reached_twice_is_read_once(looped):
    (looped / "alias.yaml").symlink_to("top.yaml")
    shop = str(looped / "L" / "sub" / "shop.yaml")
    files, _ = find_inputs([str(looped), shop, shop.replace("/sub/", "/sub/./")])
    assert sorted(files) == [shop, str(looped / "top.yaml")]


def test_a_pattern_that_matches_nothing_is_an_error(tmp_path, write):
    good = write(MINIMAL)
    pattern = str(tmp_path / "nowhere" / "*.yaml")
    for command in ("validate", "batch"):
        result = cli(command, good, pattern)
        assert result.exit_code == 1
        assert f"{pattern}: error: the pattern matches no file [unreadable]" in result.stdout + result.stderr


def test_an_unreadable_directory_is_an_error_not_a_silent_skip(tmp_path, write, monkeypatch):
    good = write(MINIMAL)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "hidden.yaml").write_text("broken: [")
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path) == str(locked):  # what chmod 000 does (root would read it anyway)
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    for args in ([str(tmp_path)], [str(tmp_path / "*" / "*.yaml"), good]):
        result = cli("validate", *args)
        assert result.exit_code == 1, args
        assert f"{locked}: error: cannot read the directory: Permission denied [unreadable]" in result.stdout


@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_output_files_get_the_umasks_permissions(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        atomic.write_text(str(tmp_path / "out.csv"), "x\n", overwrite=False)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.csv").stat().st_mode) == mode


def test_force_keeps_the_mode_and_writes_through_a_symlink(tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("old\n")
    target.chmod(0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    atomic.write_text(str(link), "new\n", overwrite=True)
    assert link.is_symlink() and target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "real.csv"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_force_onto_a_fifo_writes_into_it_never_replaces_it(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    with deadline(20):
        atomic.write_text(str(fifo), "through the pipe\n", overwrite=True)
        reader.join()
    assert got == ["through the pipe\n"] and stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_termination_mid_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    def terminated(fd):
        raise Terminated()

    monkeypatch.setattr(os, "fsync", terminated)
    with pytest.raises(Terminated):
        atomic.write_text(str(tmp_path / "out.csv"), "x\n", overwrite=False)
    assert list(tmp_path.iterdir()) == []
