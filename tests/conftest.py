import pathlib
import textwrap

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROFILES = sorted((ROOT / "profiles").glob("*.yaml"))
CROWN = ROOT / "profiles" / "taobao-womenswear-crown.yaml"

MINIMAL = textwrap.dedent(
    """\
    version: 1
    shop: {name: Test shop, platform: taobao, category: womenswear}
    sales: {monthly_revenue: 600000, average_order_value: 220}
    costs: {product: 0.30, marketing: 0.40, staff: 0.12, logistics: 0.08, platform_fees: 0.05}
    """
)


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch):
    """Tests run in English unless they say otherwise, whatever the developer's locale."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture
def write(tmp_path):
    def _write(text, name="shop.yaml"):
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return str(path)

    return _write
