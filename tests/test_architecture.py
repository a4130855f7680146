"""The rooms of the house and the direction of their doors: data flows profile -> model -> advice
-> output -> use cases -> cli, and no module imports a room downstream of it (function-level
imports included). Adding an upward import fails here."""

import ast

import pytest

from conftest import ROOT

PACKAGE = ROOT / "advisor"
USE_CASES = {"advisor.evaluation", "advisor.batch", "advisor.calibration", "advisor.scale"}

# room -> rooms it must never import
FORBIDDEN = {
    "advisor.i18n": {"advisor.profile", "advisor.model", "advisor.advice", "advisor.output", "advisor.cli",
                     "advisor.calibrate", *USE_CASES},
    "advisor.profile": {"advisor.model", "advisor.advice", "advisor.output", "advisor.i18n", "advisor.cli",
                        "advisor.calibrate", *USE_CASES},
    "advisor.model": {"advisor.advice", "advisor.output", "advisor.i18n", "advisor.cli", "advisor.calibrate", *USE_CASES},
    "advisor.calibrate": {"advisor.model", "advisor.advice", "advisor.output", "advisor.i18n", "advisor.cli", *USE_CASES},
    "advisor.advice": {"advisor.output", "advisor.i18n", "advisor.cli", *USE_CASES},
    "advisor.output": {"advisor.cli", *USE_CASES},
    "advisor.evaluation": {"advisor.output", "advisor.i18n", "advisor.cli"},
    "advisor.batch": {"advisor.output", "advisor.i18n", "advisor.cli"},
    "advisor.calibration": {"advisor.output", "advisor.i18n", "advisor.cli"},
    # the Dask engine maps the batch's scoring core; the parts' writing is handed in by the cli
    "advisor.scale": {"advisor.output", "advisor.i18n", "advisor.cli"},
    # the process pool knows nothing of shops: it runs functions
    "advisor.workers": {"advisor.profile", "advisor.model", "advisor.advice", "advisor.output", "advisor.i18n",
                        "advisor.cli", *USE_CASES},
}


def module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path):
    """Every advisor module a file imports, at any depth (lazy imports inside functions too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name.startswith("advisor")}


def room(name):
    for candidate in sorted(FORBIDDEN, key=len, reverse=True):
        if name == candidate or name.startswith(candidate + "."):
            return candidate
    return None


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_lives_in_a_room_or_at_the_top():
    top = {"advisor", "advisor.__main__", "advisor.cli", "advisor.errors", "advisor.runtime", *USE_CASES}
    homeless = [module_name(p) for p in MODULES if room(module_name(p)) is None and module_name(p) not in top]
    assert homeless == []


@pytest.mark.parametrize("path", MODULES, ids=[module_name(p) for p in MODULES])
def test_imports_follow_the_data_flow(path):
    own = room(module_name(path))
    if own is None:
        return
    bad = sorted(name for name in imports(path) if room(name) in FORBIDDEN[own] or name in FORBIDDEN[own])
    assert bad == [], f"{module_name(path)} imports downstream: {bad}"


def test_the_check_sees_an_upward_import(tmp_path):
    fake = tmp_path / "advisor" / "model" / "x.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("def f():\n    from advisor.output.numbers import money\n")
    assert "advisor.output.numbers" in imports(fake)
    assert room("advisor.output.numbers") in FORBIDDEN["advisor.model"]


def test_no_test_module_imports_another():
    tests = {p.stem for p in (ROOT / "tests").glob("test_*.py")}
    for path in (ROOT / "tests").glob("*.py"):
        names = {n.split(".")[0] for n in _all_imports(path)}
        assert not (names & tests), f"{path.name} imports a test module: {names & tests}"


def _all_imports(path):
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found
