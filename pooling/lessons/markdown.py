r"""User text shown as typed: Markdown that cannot turn into a link, an image, LaTeX or HTML.

Every message that may hold text from a person (typed numbers, link values, file names) goes
through `literal` before a page hands it to Markdown.

>>> literal("[Log in](https://example.org) $x$ <b>")
'\\[Log in\\](https\\://example.org) \\$x\\$ \\<b\\>'
>>> literal("www.example.org me@example.org :smile:")
'www\\.example.org me\\@example.org \\:smile\\:'
"""

from __future__ import annotations

import re

__all__ = ["literal"]

# Markdown's active characters; ":" and "@" also start emoji shortcodes, colour directives and
# autolinks, and "www." starts an autolink of its own.
_MARKUP = re.compile(r"[\\`*_{}\[\]<>#!|~$:&@]|(?<=www)\.", re.IGNORECASE)


def literal(text: str) -> str:
    """``text`` with every Markdown-active character escaped and its lines joined by spaces."""
    return _MARKUP.sub(lambda match: "\\" + match.group(0), " ".join(str(text).splitlines()))
