"""Make the README's screenshots: the HTML report and the terminal report, rendered by headless
Chromium (and fonts-noto-cjk for the Chinese text).

    python scripts/screenshots.py docs/

The terminal report is run as a real process with colours forced, turned into HTML with rich's
own export (the colours a terminal would show), and photographed like the HTML report.
"""

from __future__ import annotations

import io
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CROWN = ROOT / "profiles" / "taobao-womenswear-crown.yaml"
TERMINAL_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body {{ margin: 0; background: #fbfbf8; }}
pre {{ margin: 0; padding: 18px 22px; color: #1e1e1e; font-size: 15px; line-height: 19px;
  font-family: "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace; }}
</style></head><body>{body}</body></html>"""


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return name
    sys.exit("screenshots: Chromium is not installed (apt-get install chromium fonts-noto-cjk)")


def shoot(page: pathlib.Path, png: pathlib.Path, width: int, height: int) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--no-first-run", "--hide-scrollbars", f"--user-data-dir={profile}",
                        f"--window-size={width},{height}", f"--screenshot={png}", page.as_uri()],
                       capture_output=True, check=True, timeout=120, env=dict(os.environ, HOME=profile))
    print(f"{png}: {png.stat().st_size / 1024:.0f} KB")


def advisor(*args: str, columns: int = 100) -> str:
    env = dict(os.environ, FORCE_COLOR="1", COLUMNS=str(columns), LANG="C.UTF-8")
    env.pop("NO_COLOR", None)
    return subprocess.run([sys.executable, "-m", "advisor", *args], capture_output=True, text=True, check=False,
                          env=env, cwd=ROOT).stdout


def terminal_html(ansi: str, columns: int) -> str:
    from rich.console import Console
    from rich.terminal_theme import TerminalTheme
    from rich.text import Text

    light = TerminalTheme((251, 251, 248), (30, 30, 30),
                          [(0, 0, 0), (190, 30, 30), (20, 125, 60), (150, 100, 0), (30, 80, 180), (140, 40, 150),
                           (0, 120, 140), (200, 200, 200)])

    console = Console(record=True, width=columns, file=io.StringIO(), force_terminal=True, color_system="truecolor")
    console.print(Text.from_ansi(ansi), no_wrap=True, overflow="ignore")
    body = console.export_html(theme=light, inline_styles=True, code_format="<pre>{code}</pre>")
    return TERMINAL_PAGE.format(body=body)


def main() -> None:
    out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp)
        report = folder / "report.html"
        subprocess.run([sys.executable, "-m", "advisor", "report", str(CROWN), "-o", str(report), "--draws", "2000",
                        "--lang", "en"], check=True, cwd=ROOT)
        shoot(report, out / "report.png", 1000, 2200)
        page = folder / "terminal.html"
        page.write_text(terminal_html(advisor("evaluate", str(CROWN)), 100), encoding="utf-8")
        shoot(page, out / "terminal.png", 960, 1180)
        page.write_text(terminal_html(advisor("evaluate", str(CROWN), "--lang", "zh", columns=60), 60),
                        encoding="utf-8")
        shoot(page, out / "terminal-zh-60.png", 600, 1000)


if __name__ == "__main__":
    main()
