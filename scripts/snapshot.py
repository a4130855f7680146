"""Write every command's output on the shipped profiles to a folder, to compare two versions.

    python scripts/snapshot.py OUTDIR            # then: diff -r BEFORE AFTER

A restructuring must leave every file byte-identical; a change of behaviour shows up as a diff to
read. Each command runs as a real process (COLUMNS=100 and 60, NO_COLOR), in both languages;
timings in batch summaries are masked.
"""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROFILES = sorted((ROOT / "profiles").glob("*.yaml"))
TABLE = ROOT / "profiles" / "tables" / "portfolio.csv"
TIMING = re.compile(r"in \d+\.\d s|用时 \d+\.\d 秒|\d+\.\d ?秒")


def commands() -> dict[str, list[str]]:
    runs: dict[str, list[str]] = {}
    for path in PROFILES:
        name = path.stem
        for lang in ("en", "zh"):
            runs[f"evaluate-{name}-{lang}.txt"] = ["evaluate", str(path), "--lang", lang]
            runs[f"evaluate-{name}-{lang}.json"] = ["evaluate", str(path), "--lang", lang, "--format", "json"]
            runs[f"evaluate-{name}-{lang}.md"] = ["evaluate", str(path), "--lang", lang, "--format", "markdown"]
            runs[f"evaluate-{name}-draws-{lang}.txt"] = ["evaluate", str(path), "--lang", lang, "--draws", "500"]
            runs[f"sensitivity-{name}-{lang}.txt"] = ["sensitivity", str(path), "--lang", lang]
        runs[f"evaluate-{name}-draws.json"] = ["evaluate", str(path), "--format", "json", "--draws", "500", "--seed", "3"]
        runs[f"evaluate-{name}-h36.json"] = ["evaluate", str(path), "--format", "json", "--horizon", "36",
                                             "--budget-shift", "0.5"]
        runs[f"sensitivity-{name}.json"] = ["sensitivity", str(path), "--format", "json"]
    for fmt in ("text", "json", "github", "junit"):
        runs[f"validate-{fmt}.txt"] = ["validate", str(ROOT / "profiles"), "--format", fmt, "--strict"]
    runs["schema.json"] = ["schema"]
    for fmt in ("table", "csv", "csv-excel", "json", "jsonl", "markdown"):
        for lang in ("en", "zh"):
            runs[f"batch-profiles-{fmt}-{lang}.txt"] = ["batch", str(ROOT / "profiles"), "--format", fmt, "--lang", lang]
        runs[f"batch-table-{fmt}.txt"] = ["batch", str(TABLE), "--format", fmt, "--sort", "name"]
    runs["batch-top-fail.txt"] = ["batch", str(ROOT / "profiles"), "--top", "2", "--fail-under", "50", "--format", "csv"]
    runs["help-app.txt"] = ["--help"]
    for command in ("evaluate", "validate", "schema", "init", "sensitivity", "batch", "report"):
        for lang in ("en", "zh"):
            runs[f"help-{command}-{lang}.txt"] = [command, "--help", "--lang", lang]
    runs["init-list.txt"] = ["init", "--list"]
    return runs


def run(args: list[str], columns: str) -> str:
    env = dict(os.environ, NO_COLOR="1", COLUMNS=columns, LANG="C.UTF-8")
    env.pop("LC_ALL", None)
    proc = subprocess.run([sys.executable, "-m", "advisor", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120)
    text = f"exit {proc.returncode}\n--- stdout\n{proc.stdout}--- stderr\n{proc.stderr}"
    return TIMING.sub("in <t>", text).replace(str(ROOT), "<root>")


def main() -> None:
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name, args in commands().items():
        (out / name).write_text(run(args, "100"), encoding="utf-8")
        if name.startswith("evaluate-") and name.endswith(".txt"):
            (out / ("w60-" + name)).write_text(run(args, "60"), encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("en", "zh"):
            target = pathlib.Path(tmp) / f"report-{lang}.html"
            log = run(["report", *map(str, PROFILES), "-o", str(target), "--lang", lang, "--draws", "500"], "100")
            (out / f"report-{lang}.html").write_text(log.replace(tmp, "<tmp>") + target.read_text(encoding="utf-8"),
                                                    encoding="utf-8")
        for template in ("apparel", "cosmetics", "fresh-food", "daily-necessities", "general"):
            target = pathlib.Path(tmp) / f"{template}.yaml"
            log = run(["init", str(target), "--template", template, "--schema", "schema.json"], "100")
            (out / f"init-{template}.txt").write_text((log + target.read_text()).replace(tmp, "<tmp>"), encoding="utf-8")
    print(f"{len(list(out.iterdir()))} files in {out}")


if __name__ == "__main__":
    main()
