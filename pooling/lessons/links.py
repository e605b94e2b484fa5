"""The settings a lesson keeps in its link, and how each is read back: one mechanism for every page.

A link is shared with a whole class, so every value read from it goes through a bounded reader
that returns the value, or None when it cannot be used (the page then falls back to the default
and says which values it ignored). Readers never raise: a 5000-digit number, a superscript digit,
Markdown or HTML are all just unusable text. A value too long to put in a link is left out of it.

>>> k = Setting("k", "w1d_kernel", 3, whole(1, 200))
>>> state = {}
>>> restore([k], {"k": "²"}, state), state
(['k=²'], {'w1d_kernel': 3})
>>> link_values([k], {"w1d_kernel": 5})
({'k': '5'}, [], [])
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass

from ..errors import InputError
from ..inputs import parse_grid, parse_sequence

__all__ = [
    "FLAG", "MAX_LINK_VALUE", "PRESENT_PARAM", "Setting", "animation_step", "choice", "decimal", "either",
    "grid_text", "link_values", "restore", "sequence_text", "shown", "whole",
]

PRESENT_PARAM = "present"
"""``?present=1`` in a link opens the app in presenter mode; every page keeps it in its link, and the
link for students' phones leaves it out."""

MAX_LINK_VALUE = 2000
"""The longest value a link carries (characters); longer input stays in the session only."""

MAX_SHOWN = 40
"""How much of an ignored value the notice repeats."""

_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,12}(?:\.[0-9]{0,12})?|\.[0-9]{1,12})")

Reader = Callable[[str], object]


def whole(low: int, high: int) -> Reader:
    """Reads a whole number from ``low`` to ``high`` written in ASCII digits; else None.

    >>> read = whole(1, 16)
    >>> read("12"), read("0"), read("1" * 5000), read("²"), read("-3")
    (12, None, None, None, None)
    """
    digits = len(str(high))

    def read(text: str):
        if not (text.isascii() and text.isdigit()) or len(text.lstrip("0")) > digits:
            return None
        value = int(text)
        return value if low <= value <= high else None

    return read


def decimal(low: float, high: float, step: float) -> Reader:
    """Reads a plain decimal number from ``low`` to ``high`` on a slider's steps; else None.

    >>> read = decimal(0.5, 10, 0.5)
    >>> read("2.5"), read("2.3"), read("1e400"), read("nan"), read("11")
    (2.5, None, None, None, None)
    """

    def read(text: str):
        if not _DECIMAL.fullmatch(text):
            return None
        value = float(text)
        steps = (value - low) / step
        on_step = abs(steps - round(steps)) < 1e-9
        return value if math.isfinite(value) and low <= value <= high and on_step else None

    return read


def choice(options: Sequence[str], labels: Mapping[str, str] | None = None) -> Reader:
    """Reads one of ``options``, or the label shown for one (``labels``: option -> label); else None.

    >>> read = choice(["max", "avg"], {"avg": "average"})
    >>> read("avg"), read("average"), read("median")
    ('avg', 'avg', None)
    """
    by_label = {label: option for option, label in (labels or {}).items()}

    def read(text: str):
        return text if text in options else by_label.get(text)

    return read


def either(*readers: Reader) -> Reader:
    """Reads with the first of ``readers`` that can use the text.

    >>> read = either(choice(["same", "valid"]), whole(0, 9))
    >>> read("same"), read("2"), read("x")
    ('same', 2, None)
    """

    def read(text: str):
        return next((value for value in (reader(text) for reader in readers) if value is not None), None)

    return read


def sequence_text(text: str):
    """Reads typed numbers, where ``;`` stands for a line break; None unless `parse_sequence` takes them.

    >>> sequence_text("1 2; 3 4").splitlines(), sequence_text("1, oops")
    (['1 2', '3 4'], None)
    """
    text = "\n".join(part.strip() for part in text.split(";"))
    try:
        parse_sequence(text)
    except InputError:
        return None
    return text


def grid_text(text: str):
    """Reads a typed grid of pixel values (rows separated by ``;``) as the text box shows it; None
    unless `parse_grid` takes it.

    >>> grid_text("0,10;20,30").splitlines()
    ['0, 10', '20, 30']
    """
    try:
        return "\n".join(", ".join(str(v) for v in row) for row in parse_grid(text))
    except InputError:
        return None


def _flag(text: str):
    return {"1": True, "0": False}.get(text)


FLAG: Reader = _flag
"""Reads ``1`` or ``0`` as True or False; else None."""


def as_text(value) -> str:
    """How a value is written into a link: ``1``/``0`` for flags, line breaks as ``;``.

    >>> as_text(True), as_text(0.15000000000000002), as_text(9.0)
    ('1', '0.15', '9')
    """
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return format(round(value, 9), "g")
    return str(value).replace("\n", "; ")


@dataclass(frozen=True)
class Setting:
    """One value a link carries.

    Attributes
    ----------
    name : str
        Its name in the link: ``?k=3``.
    key : str
        Its key in the session (the widget's key).
    default : object or callable
        The value when the link has none or an unusable one; a callable gets the session state
        (for a default that depends on other settings, restored before it).
    read : callable
        Text from the link -> the value, or None when it cannot be used.
    write : callable, optional
        The value -> its text in the link (default `as_text`).
    """

    name: str
    key: str
    default: object
    read: Reader
    write: Callable[[object], str] | None = None

    def default_in(self, state: Mapping):
        return self.default(state) if callable(self.default) else self.default


def animation_step(name: str, key: str) -> Setting:
    """The step an animation shows, kept in the session from 0 and in the link from 1, as the page
    counts it ("Step 4 of 5" is ``?step=4``).

    >>> step = animation_step("step", "w1d_step")
    >>> step.read("4"), step.write(3), step.read("0")
    (3, '4', None)
    """
    read_whole = whole(1, 10_000)

    def read(text: str):
        number = read_whole(text)
        return None if number is None else number - 1

    return Setting(name, key, 0, read, write=lambda step: str(step + 1))


def shown(name: str, text: str) -> str:
    """``name=text`` for a notice, with a long text cut short.

    >>> shown("x", "1" * 50)
    'x=1111111111111111111111111111111111111111…'
    """
    return f"{name}={text[:MAX_SHOWN]}{'…' if len(text) > MAX_SHOWN else ''}"


def restore(settings: Sequence[Setting], query: Mapping[str, str], state: MutableMapping) -> list[str]:
    """Give every setting not yet in ``state`` its value from ``query`` (the link), else its default.

    Returns the link values that could not be used, as ``name=text``, for a notice shown literally.
    """
    ignored = []
    for setting in settings:
        if setting.key in state:
            continue
        text = query.get(setting.name)
        value = None
        if text is not None:
            value = setting.read(text) if len(text) <= MAX_LINK_VALUE else None
            if value is None:
                ignored.append(shown(setting.name, text))
        state[setting.key] = setting.default_in(state) if value is None else value
    return ignored


def link_values(settings: Sequence[Setting], state: Mapping) -> tuple[dict[str, str], list[str], list[str]]:
    """What the link should hold for the values in ``state``.

    Returns the values as link text; the names of values too long for a link; and the names of
    values the link cannot use (its reader refuses them, e.g. a sequence with a typo): for both, the
    link keeps what it held.

    >>> x = Setting("x", "text", "1, 2", sequence_text)
    >>> link_values([x], {"text": "1, oops"}), link_values([x], {"text": "1, 2"})[0]
    (({}, [], ['x']), {'x': '1, 2'})
    """
    values, too_long, refused = {}, [], []
    for setting in settings:
        if state.get(setting.key) is None:
            continue
        text = (setting.write or as_text)(state[setting.key])
        if len(text) > MAX_LINK_VALUE:
            too_long.append(setting.name)
        elif setting.read(text) is None and setting.write is None:
            refused.append(setting.name)
        else:
            values[setting.name] = text
    return values, too_long, refused
