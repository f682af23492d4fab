"""Running the app's pages under streamlit's AppTest against a real database file."""
from __future__ import annotations

import streamlit
from google.protobuf.message import Message
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


# A warm rerun reads what it shows from the session's caches: a handful of small queries
# (revision checks, the page's own lists). A query per member (450 on the demo city) or a
# recomputed year would go far past this.
WARM_RERUN_QUERIES = 40


def queries_of_rerun(at: AppTest, monkeypatch) -> int:
    """How many statements the page sent to DuckDB in one more run of ``at``."""
    from data.store import Store

    count = [0]
    plain_cursor = Store.cursor

    class CountingCursor:
        def __init__(self, cursor):
            self._cursor = cursor

        def execute(self, *args, **kwargs):
            count[0] += 1
            return self._cursor.execute(*args, **kwargs)

        def __getattr__(self, name):
            return getattr(self._cursor, name)

    with monkeypatch.context() as m:
        m.setattr(Store, "cursor", lambda self: CountingCursor(plain_cursor(self)))
        rerun(at)
    return count[0]


def shown_names(names) -> list[str]:
    """The names a table shows: a name linking to its 档案 is held as '<address>#<name>'."""
    return [str(n).split("#", 1)[1] if "#" in str(n) else n for n in names]


def capture_downloads(monkeypatch) -> list[dict]:
    """Every st.download_button call's arguments, its data built (the button still renders)."""
    calls: list[dict] = []
    original = streamlit.download_button

    def spy(label, data, file_name=None, *args, **kwargs):
        calls.append({"label": label, "data": data() if callable(data) else data, "file_name": file_name})
        return original(label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(streamlit, "download_button", spy)
    return calls


def _each(value) -> list:
    """A field's value as a list (repeated fields are containers, not str or Message)."""
    return [value] if isinstance(value, (str, Message)) else list(value)


def proto_strings(message: Message, fields: set[str], skipped: set[str], out: list[str]) -> None:
    """Add to ``out`` every string field named in ``fields`` of ``message`` and the messages
    inside it, leaving out messages whose type is in ``skipped``."""
    for field, value in message.ListFields():
        if field.type == field.TYPE_MESSAGE:
            for item in _each(value):
                if item.DESCRIPTOR.name not in skipped:
                    proto_strings(item, fields, skipped, out)
        elif field.type == field.TYPE_STRING and field.name in fields:
            out.extend(_each(value))
