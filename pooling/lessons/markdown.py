r"""User text shown as typed: Markdown that cannot turn into a link, an image, LaTeX or HTML.

Every message that may hold text from a person (typed numbers, link values, file names) goes
through `literal` before a page hands it to Markdown. Markdown's active characters are escaped;
a word that a renderer would turn into a link by itself (``https://…``, ``www.…``, an e-mail
address) is set as code, where nothing is interpreted.

>>> literal("[Log in](https://example.org) $x$ <b>")
'\\[Log `in](https://example.org)` \\$x\\$ \\<b\\>'
>>> literal("see www.example.org or me@example.org, :smile:")
'see `www.example.org` or `me@example.org,` \\:smile\\:'
"""

from __future__ import annotations

import re

__all__ = ["literal"]

_MARKUP = re.compile(r"[\\`*_{}\[\]<>#!|~$:&@]")
_WORD = re.compile(r"(\S+)")
_LINK_LIKE = re.compile(r"://|www\.|@", re.IGNORECASE)


def _code(word: str) -> str:
    """``word`` as a code span, fenced by more backticks than it holds in a row."""
    fence = "`" * (max((len(run) for run in re.findall("`+", word)), default=0) + 1)
    pad = " " if word.startswith("`") or word.endswith("`") else ""
    return f"{fence}{pad}{word}{pad}{fence}"


def _word(word: str) -> str:
    return _code(word) if _LINK_LIKE.search(word) else _MARKUP.sub(r"\\\g<0>", word)


def literal(text: str) -> str:
    """``text`` with every Markdown-active character escaped, link-like words set as code, and its
    lines joined by spaces."""
    return _WORD.sub(lambda match: _word(match.group(0)), " ".join(str(text).splitlines()))
