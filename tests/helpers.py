import subprocess
import sys

from typer.testing import CliRunner

from advisor.cli import app

runner = CliRunner()


def cli(*args, env=None):
    """Run the CLI in-process; returns the click Result (stdout and stderr separate)."""
    return runner.invoke(app, [str(a) for a in args], env=env, prog_name="advisor")


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


def png_pixels(data: bytes):
    """(width, height, rows of RGB triples) of an 8-bit RGB or RGBA PNG, with the standard
    library only (the screenshot test needs no imaging package)."""
    import struct
    import zlib

    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, compressed = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and color in (2, 6), (depth, color)
        elif kind == b"IDAT":
            compressed += chunk
        pos += 12 + length
    step = 3 if color == 2 else 4
    raw, stride = zlib.decompress(compressed), width * step
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up, corner = previous[i], previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                a, b, c = abs(guess - left), abs(guess - up), abs(guess - corner)
                line[i] = (line[i] + (left if a <= b and a <= c else up if b <= c else corner)) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, step)])
        previous = line
    return width, height, rows


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


def yaml12_load(text):
    """YAML read by the 1.2 core schema, as editors (yaml-language-server) and check-jsonschema
    read it -- written here apart from advisor's reader, so that tests compare two readings:
    PyYAML's loader with YAML 1.1's implicit types replaced by the core schema's."""
    import math
    import re

    import yaml

    class Core12Loader(yaml.SafeLoader):
        pass

    Core12Loader.yaml_implicit_resolvers = {}
    resolvers = [
        ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
        ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
        ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
        ("tag:yaml.org,2002:float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                                    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", list("-+.0123456789")),
    ]
    for tag, pattern, first in resolvers:
        Core12Loader.add_implicit_resolver(tag, re.compile(pattern), first)

    def construct_int(loader, node):
        value = loader.construct_scalar(node)
        if value.startswith("0o"):
            return int(value[2:], 8)
        if value.startswith("0x"):
            return int(value[2:], 16)
        return int(value)

    def construct_float(loader, node):
        value = loader.construct_scalar(node)
        lowered = value.lower()
        if lowered.endswith(".nan"):
            return math.nan
        if lowered.endswith(".inf"):
            return -math.inf if value.startswith("-") else math.inf
        return float(value)

    def construct_bool(loader, node):
        return loader.construct_scalar(node).lower() == "true"

    Core12Loader.add_constructor("tag:yaml.org,2002:int", construct_int)
    Core12Loader.add_constructor("tag:yaml.org,2002:float", construct_float)
    Core12Loader.add_constructor("tag:yaml.org,2002:bool", construct_bool)
    return yaml.load(text, Loader=Core12Loader)


def shop_table(count: int, seed: int = 11):
    """(header, rows) of ``count`` generated shops, as Python values (ints, floats, text) -- the
    benchmark's generator, so the tests score what the benchmarks measure."""
    import pathlib

    import numpy as np

    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "benchmarks"))
    from bench_batch import COLUMNS, shop_values

    rng = np.random.default_rng(seed)
    return list(COLUMNS), [shop_values(rng, i) for i in range(count)]


def csv_cell(value) -> str:
    """A value as a CSV cell holds it: what a Parquet cell of that value reads as."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def write_csv_and_parquet(folder, header: list, rows: list, row_group_size: int = 1000, types: dict | None = None):
    """The same shops as ``folder/shops.csv`` and ``folder/shops.parquet``; each Parquet column
    takes its type from its values (or ``types``: column -> Arrow type)."""
    import csv

    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "shops.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([csv_cell(v) for v in row] for row in rows)
    columns = {name: pa.array([row[i] for row in rows], type=(types or {}).get(name)) for i, name in enumerate(header)}
    pq.write_table(pa.table(columns), folder / "shops.parquet", row_group_size=row_group_size)
    return folder / "shops.csv", folder / "shops.parquet"
