"""Text that came from a file, the database or a URL, shown as text (issue 14).

Streamlit renders Markdown (GitHub-flavoured, with autolinked ``http://…``, ``www.…`` and
e-mail addresses, ``:colour[…]``, ``:material/…:`` and ``:emoji:`` shortcodes, ``$…$``
maths) in ``st.markdown``, ``st.caption``, ``st.info``/``success``/``warning``/``error``,
titles and headers, expander, tab, metric, button, progress and widget labels. A roster
cell such as ``![t](http://evil.example/x.png)`` would make every viewer's browser load that
address. Every value from outside the app that goes into such an element goes through
:func:`plain`; the app's own formatting around it (``**标签**：…``) still works.

Only what can start Markdown is escaped (CommonMark: a backslash before ASCII punctuation
shows that character), so dates, file names, times and codes stay as they are."""
from __future__ import annotations

import html
import re

# Always: escapes, emphasis, code, strikethrough, links and images, HTML, entities, maths,
# e-mail autolinks.
_ALWAYS = re.compile(r"([\\`*~\[\]<>&$@])")
# ':' that starts a directive, shortcode or URL scheme (':red[', ':smile:', 'http://',
# 'mailto:x'); '14:30' stays.
_COLON = re.compile(r":(?=[A-Za-z/])")
# GFM's 'www.' autolink literal.
_WWW = re.compile(r"(?i)(?<![A-Za-z0-9])(www)\.")
# '_' opens or closes emphasis unless it sits between two letters or digits.
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# What starts a block at the beginning of a line: quote, heading, list item, thematic
# break, ordered list item ('1. ' / '1) '); '-3' and '3.5' stay.
_BLOCK = re.compile(r"^(>|#{1,6}(?=\s|$)|[-+](?=\s|$|-)|\d{1,9}(?=[.)](?:\s|$)))")
_BREAKS = re.compile(r"[\r\n\v\f\u2028\u2029]+")
# The browser's Markdown autolinks 'http://…', 'www.…' and 'a@b.cn' even when their
# punctuation is escaped: an invisible word joiner inside each keeps them text.
_JOINER = "\u2060"


def plain(value: object) -> str:
    """``value`` as text that Markdown shows literally: no link, image, emphasis, heading,
    HTML, code, maths, list or autolink can come out of it. Line breaks become spaces and
    the ends are trimmed; ``None`` is the empty string."""
    if value is None:
        return ""
    text = _BREAKS.sub(" ", str(value)).replace("\t", " ").strip()
    text = _ALWAYS.sub(r"\\\1", text)
    text = _COLON.sub(r"\\:", text).replace("\\://", _JOINER + "\\://").replace("\\@", _JOINER + "\\@")
    text = _WWW.sub(r"\1" + _JOINER + r"\\.", text)
    text = _UNDERSCORE.sub(r"\\_", text)
    match = _BLOCK.match(text)
    if match:
        if match.group(1)[0].isdigit():
            end = match.end()
            text = text[:end] + "\\" + text[end:]
        else:
            text = "\\" + text
    return text


def chart_text(value: object) -> str:
    """``value`` as text in a Plotly chart (axis categories, hover, titles): Plotly reads
    ``<a href>``, ``<b>`` and ``<br>`` in its strings, and shows ``&lt;`` as ``<``."""
    return "" if value is None else html.escape(str(value), quote=False)
