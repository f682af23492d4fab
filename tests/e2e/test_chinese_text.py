"""Issue 15, item 1, in the real browser: signed in as each role, every page the role may
open is looked at 1400, 1920 and 390 pixels wide (a screenshot of each under e2e-shots/),
and the page's visible text (``document.body.innerText``) has no English word and no raw
missing value («None», «nan», «NaT», «<NA>») — Streamlit's table toolbar and column menu
included."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import ACCOUNTS, TIMEOUT_MS, TRACK_SCRIPT_STATE, _served, demo_db_with
from tests.e2e.harness import assert_no_exception, screenshot, wait_settled
from tests.e2e.test_roles_and_import import sign_in
from tests.test_chinese_text import english_words, raw_values
from ui import auth

WIDTHS = (1400, 1920, 390)
HEIGHT = 1000


@pytest.fixture(scope="module")
def four_roles_server(tmp_path_factory, demo_db_file):
    """The demo city with sign-in and one user of each role."""
    folder = tmp_path_factory.mktemp("roles")
    yield from _served(demo_db_with(folder, demo_db_file, *ACCOUNTS), local_mode=False)


# The page's text as a reader sees it: Material icons are drawn from their names
# («dashboard», «logout»), so their elements are left out; the skip link's own text is
# replaced by its CSS «::after» text, as is the file uploader's (font size 0).
SHOWN_TEXT = """() => {
  const hidden = [...document.querySelectorAll('[data-testid="stSkipToContent"], span, p')].filter(e =>
    e.matches('[data-testid="stSkipToContent"]') || getComputedStyle(e).fontFamily.includes('Material')
    || getComputedStyle(e).fontSize === '0px');
  hidden.forEach(e => e.setAttribute('data-lvzhi-display', e.style.display));
  hidden.forEach(e => { e.style.display = 'none'; });
  const text = document.body.innerText;
  hidden.forEach(e => { e.style.display = e.getAttribute('data-lvzhi-display'); });
  return text;
}"""


def role_pages(role: str) -> list[str]:
    return [auth.page_name(p) for entries in auth.pages_for(role).values() for p, *_ in entries]


def visible_problems(text: str) -> list[str]:
    names = {account[0] for account in ACCOUNTS.values()}
    return [w for w in english_words(text) if w not in names] + raw_values(text)


@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_every_page_of_the_role_is_in_chinese_at_every_width(browser, four_roles_server, role):
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": HEIGHT}, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(TRACK_SCRIPT_STATE)
    page = context.new_page()
    try:
        page.goto(four_roles_server.url + "/")
        sign_in(page, ACCOUNTS[role][0], ACCOUNTS[role][2])
        found: dict[str, list[str]] = {}
        for name in role_pages(role):
            page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
            page.goto(f"{four_roles_server.url}/{name}")
            page.locator('[data-testid="stApp"]').wait_for()
            wait_settled(page)
            assert_no_exception(page)
            assert page.get_by_role("heading", name="履职考评看板 · 登录").count() == 0, name  # still signed in
            page.get_by_text(f"当前用户：{ACCOUNTS[role][1]}").wait_for()
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": HEIGHT})
                page.wait_for_timeout(300)
                screenshot(page, f"chinese-{role}-{name}-{width}")
                if problems := visible_problems(page.evaluate(SHOWN_TEXT)):
                    found[f"{name} @ {width}"] = sorted(set(problems))
        assert not found, found
    finally:
        context.close()
