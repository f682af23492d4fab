"""Running the app's pages under streamlit's AppTest against a real database file."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

TIMEOUT = 120


def open_page(page: str | None = None, **session) -> AppTest:
    """The app run once, switched to ``views/<page>.py`` (the default page when None), with
    session state set beforehand; fails on any exception the page raised."""
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    for key, value in session.items():
        at.session_state[key] = value
    if page:
        at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown_names(names) -> list[str]:
    """The names a table shows: a name linking to its 档案 is held as '<address>#<name>'."""
    return [str(n).split("#", 1)[1] if "#" in str(n) else n for n in names]
