"""The browser tests' harness: ``streamlit run app.py`` on a free local port with its own
database, Debian's Chromium driven by playwright, and small helpers that wait on concrete
elements (texts, roles, Streamlit test ids) — never on the clock."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("LVZHI_CHROMIUM", "/usr/bin/chromium"))
SHOTS = ROOT / "e2e-shots"
VIEWPORT = {"width": 1400, "height": 2000}
START_TIMEOUT_S = 90
TIMEOUT_MS = 60_000
# Without the background-networking flags Chromium keeps calling out to Google's hosts,
# which this closed network refuses; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def network_address() -> str | None:
    """This machine's address on its network (not loopback), None when it has none."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.254", 9))  # no packet is sent: this only picks the route's source
        except OSError:
            return None
        address = s.getsockname()[0]
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class AppServer:
    """``streamlit run app.py`` as a child process on its own database file."""

    db: Path
    local_mode: bool
    port: int = field(default_factory=free_port)
    address: str = "127.0.0.1"  # the address the server listens on ("0.0.0.0": every interface)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LVZHI_")}
        env.update(LVZHI_DB=str(self.db),
                   LVZHI_LOCAL_MODE="1" if self.local_mode else "0")
        return env

    def start(self) -> "AppServer":
        log = open(self.db.with_suffix(".log"), "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port),
             "--server.address", self.address, "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=self.environment(), stdout=log, stderr=subprocess.STDOUT)
        self._wait_healthy()
        return self

    def _wait_healthy(self) -> None:
        """Poll the server's health endpoint until it answers (or the process dies)."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError(f"streamlit did not start: {self.log_text()}")

    def log_text(self) -> str:
        path = self.db.with_suffix(".log")
        return path.read_text(encoding="utf-8", errors="replace")[-4000:] if path.exists() else ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# -- page helpers -------------------------------------------------------------------------------
# Streamlit marks its app element with the script's state (running / notRunning). The
# cookie component reruns the script once or twice after the first run, and a form typed
# into before those reruns end loses its text, so "settled" means: not running, and no
# change of that state for SETTLE_MS.
SETTLE_MS = 400
TRACK_SCRIPT_STATE = """
window.__lvzhiChanged = performance.now();
new MutationObserver(() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const state = app && app.getAttribute('data-test-script-state');
  if (state !== window.__lvzhiState) { window.__lvzhiState = state; window.__lvzhiChanged = performance.now(); }
}).observe(document, {attributes: true, subtree: true, childList: true});
"""
IS_SETTLED = ("ms => window.__lvzhiState === 'notRunning' "
              "&& performance.now() - window.__lvzhiChanged >= ms")


def wait_settled(page) -> None:
    """Wait until the script has finished and has not run again for ``SETTLE_MS``."""
    page.wait_for_function(IS_SETTLED, arg=SETTLE_MS, polling=100)


def open_app(page, server: AppServer) -> None:
    """Open the app's root and wait for its script runs to have settled."""
    page.goto(server.url + "/")
    page.locator('[data-testid="stApp"]').wait_for()
    wait_settled(page)


def go_to(page, title: str, heading: str | re.Pattern) -> None:
    """Click a page in the sidebar's page list and wait for its heading."""
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True).click()
    wait_heading(page, heading)


def nav_titles(page) -> list[str]:
    """The titles in the sidebar's page list (each link's text after its icon's name)."""
    links = page.locator('[data-testid="stSidebarNav"]').get_by_role("link").all_inner_texts()
    return [text.strip().split("\n")[-1] for text in links]


def wait_heading(page, heading: str | re.Pattern) -> None:
    page.get_by_role("heading", name=heading).first.wait_for()


def assert_no_exception(page) -> None:
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()


def grid(page, index: int = 0):
    return page.locator('[data-testid="stDataFrame"]').nth(index)


def grid_header(table) -> list[str]:
    return [th.inner_text().strip() for th in table.locator("thead th").all()]


def grid_row_count(table) -> int:
    """The data rows of an ``st.dataframe`` (its accessible table's aria-rowcount less the
    header; only the visible rows are in the DOM)."""
    table.locator("table").wait_for(state="attached")
    return int(table.locator("table").get_attribute("aria-rowcount")) - 1


def grid_rows(table) -> list[dict[str, str]]:
    """The rows the grid has drawn, as header → cell text (waiting for the first to be
    drawn when the grid has rows)."""
    if grid_row_count(table):
        table.locator("tbody tr").first.wait_for(state="attached")
    header = grid_header(table)
    rows = []
    for tr in table.locator("tbody tr").all():
        cells = [td.inner_text().strip() for td in tr.locator("td").all()]
        rows.append(dict(zip(header, cells[-len(header):])))
    return rows


def choose_option(page, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox or multiselect labelled ``label``."""
    box = page.locator('[data-testid="stSelectbox"], [data-testid="stMultiSelect"]').filter(
        has=page.get_by_text(label, exact=True)).first
    box.locator("input").click()
    box.locator("input").fill(option)  # the list is virtual: only options in view exist
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def fill_form(page, values: dict[str, str]) -> None:
    for label, value in values.items():
        page.get_by_label(label, exact=True).fill(value)


def screenshot(page, name: str) -> Path:
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
