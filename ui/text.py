"""Text that came from a file, the database or a URL, shown as text (issue 14).

Streamlit renders Markdown (GitHub-flavoured, with autolinked ``http://…`` and ``www.…``,
``:colour[…]`` and ``:emoji:`` shortcodes and ``$…$`` maths) in ``st.markdown``,
``st.caption``, ``st.info``/``success``/``warning``/``error``, titles and headers,
expander, tab, metric, button and widget labels. A roster cell such as
``![t](http://evil.example/x.png)`` would make every viewer's browser load that address.
Every value from outside the app that goes into such an element goes through
:func:`plain`; the app's own formatting around it (``**标签**``) still works."""
from __future__ import annotations

import re
import string

# CommonMark: any ASCII punctuation character may be backslash-escaped and then shows
# literally. Escaping all of them also breaks autolink literals (``http\:\/\/``,
# ``www\.``, ``a\@b\.c``), Streamlit's ``:red[…]`` / ``:emoji:`` directives and maths.
_ESCAPE = {ord(c): "\\" + c for c in string.punctuation}
# A line break could start a heading, list, quote or code block; shown as one space.
_BREAKS = re.compile(r"\s*[\r\n\v\f\u2028\u2029]+\s*")


def plain(value: object) -> str:
    """``value`` as text that Markdown shows literally: no link, image, emphasis, heading,
    HTML, code or autolink can come out of it. ``None`` is the empty string."""
    if value is None:
        return ""
    text = _BREAKS.sub(" ", str(value)).replace("\t", " ")
    return text.translate(_ESCAPE)
