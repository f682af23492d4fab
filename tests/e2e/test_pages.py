"""Every page in Chromium at 1400×2000 on the demo city, saved under ``e2e-shots/`` for
people to look at: each draws its heading, no exception, no chart left empty, no tofu
boxes where Chinese text should be."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.e2e.harness import (CHROMIUM, CHROMIUM_ARGS, assert_no_exception, go_to, open_app, screenshot,
                               wait_settled)
from ui.auth import _PAGES

YEAR = 2025
HEADINGS = {"总览": f"{YEAR}年度履职总览", "排名": f"{YEAR}年度排名", "预警名单": f"{YEAR}年度预警名单"}
GLYPHS = "排名档案委员"
LATIN_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation")
TOFU = "\ue000\ue001"  # private-use code points: no font has them, so they draw as boxes


def page_titles() -> list[tuple[str, str]]:
    return [(page.split("/")[-1].removesuffix(".py"), title)
            for entries in _PAGES.values() for page, title, _ in entries]


def test_every_page_draws_without_errors(page, demo_local_server):
    open_app(page, demo_local_server)
    for number, (name, title) in enumerate(page_titles(), start=1):
        go_to(page, title, HEADINGS.get(title, title))
        wait_settled(page)
        assert_no_exception(page)
        charts = page.locator('[data-testid="stPlotlyChart"]')
        for i in range(charts.count()):
            assert charts.nth(i).locator("svg.main-svg").count() > 0, (title, i)
        screenshot(page, f"{number:02d}-{name}")


def test_a_cjk_font_is_installed():
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    assert fonts.strip(), "no Chinese font: apt-get install fonts-wqy-microhei"


MAIN_BLOCK = '[data-testid="stMainBlockContainer"]'


def glyph_images(page, text: str, inside: str = MAIN_BLOCK) -> list[bytes]:
    """Each character of ``text`` drawn alone in the page's own font (inside the element
    ``inside``), as PNG bytes."""
    page.evaluate("""([text, inside]) => {
        const box = document.createElement('div');
        box.id = 'glyph-probe';
        box.style.cssText = 'background:#fff;color:#000;font-size:40px';
        for (const ch of text) {
            const span = document.createElement('span');
            span.textContent = ch; span.className = 'glyph';
            span.style.cssText = 'display:inline-block;width:60px;height:60px;text-align:center';
            box.appendChild(span);
        }
        document.querySelector(inside).prepend(box);
    }""", [text, inside])
    glyphs = page.locator("#glyph-probe .glyph")
    images = [glyphs.nth(i).screenshot() for i in range(glyphs.count())]
    page.evaluate("() => document.getElementById('glyph-probe').remove()")
    return images


def renders_as_glyphs(page, inside: str = MAIN_BLOCK) -> bool:
    """With no CJK font every character is drawn as the same box; with one, each character
    draws differently, and unlike the box of an unassigned code point."""
    chinese = glyph_images(page, GLYPHS, inside)
    tofu = glyph_images(page, TOFU, inside)
    assert tofu[0] == tofu[1], "the two boxes should look the same"
    return len(set(chinese)) == len(GLYPHS) and tofu[0] not in chinese


def test_chinese_text_renders_as_glyphs_not_boxes(page, demo_local_server):
    open_app(page, demo_local_server)
    assert renders_as_glyphs(page), "Chinese characters render as boxes (tofu)"
    heading = page.get_by_role("heading", name=f"{YEAR}年度履职总览").first
    width = heading.evaluate("el => { const r = document.createRange(); r.selectNodeContents(el);"
                             " return r.getBoundingClientRect().width; }")
    assert width > 0


def test_the_glyph_check_fails_without_a_chinese_font(browser, tmp_path):
    """The check above can fail: a second Chromium given only a Latin font draws boxes."""
    latin = next((d for d in LATIN_FONT_DIRS if Path(d).is_dir()), None)
    if latin is None:
        pytest.skip("needs a Latin-only font folder")
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"<?xml version='1.0'?><fontconfig><dir>{latin}</dir>"
                    f"<cachedir>{tmp_path}/cache</cachedir></fontconfig>", encoding="utf-8")
    latin_only = browser.browser_type.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                             env={**os.environ, "FONTCONFIG_FILE": str(conf)})
    try:
        tab = latin_only.new_page()
        tab.set_content("<main id='probe'></main>")
        assert not renders_as_glyphs(tab, "#probe")
    finally:
        latin_only.close()
