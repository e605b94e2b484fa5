"""A whole picture pooled: every channel at full resolution, again and again, ready to show.

Pictures are uint8, ``(H, W)`` in grey or ``(H, W, C)`` in colour, as `pooling.load_image` returns
them; `pooling.pool2d` pools every channel at once and averages them to float32.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw

from ..errors import PoolingError
from ..inputs import load_image
from ..ops import pool2d
from ..windows import windows2d
from .frames import OP_NAMES
from .links import FLAG, Setting, animation_step, choice, grid_text, whole
from .samples import SAMPLES, load_sample

__all__ = [
    "CHANNELS", "DISPLAY_WIDTH", "HEATMAP_WIDTH", "LINK", "OPS", "PATCH_SIDE", "PATCH_START", "SOURCES",
    "WHOLE_PICTURES", "Level", "Picture", "PictureStore", "PooledPicture", "Slots", "channel",
    "for_display", "full_resolution", "level_facts", "mark_patch", "pool_picture", "pyramid",
    "scaled_down", "shrink_by_max", "size_line", "size_text", "takeaway", "to_uint8",
]

DISPLAY_WIDTH = 480
HEATMAP_WIDTH = 240
CHANNELS = ("grey", "red", "green", "blue")
PATCH_COLOUR = (240, 228, 66)
PATCH_SIDE = 16
"""The largest patch the animation shows; a picture this small is its own patch."""
PATCH_START = 8
"""The side of the patch a picture starts with."""


def size_text(shape) -> str:
    """A picture's size as people write it, width by height: ``(3000, 4000, 3)`` -> ``'4000×3000'``."""
    return f"{shape[1]}×{shape[0]}"


def to_uint8(picture: np.ndarray) -> np.ndarray:
    """Round a pooled picture, whose values lie in 0..255, to whole pixel values (an average is
    fractional).

    >>> to_uint8(np.array([0.4, 127.5, 254.6], np.float32)).tolist()
    [0, 128, 255]
    """
    if picture.dtype == np.uint8:
        return picture
    return np.rint(picture, out=np.empty(picture.shape, np.uint8), casting="unsafe")


def for_display(picture: np.ndarray, width: int = DISPLAY_WIDTH,
                image: Image.Image | None = None) -> np.ndarray:
    """A copy of ``picture`` about ``width`` pixels wide (at most twice that high) for the screen.

    A big picture is shrunk by averaging boxes of pixels; a small one is enlarged by a whole factor,
    each pixel becoming a crisp square, so that a pooled 3×3 picture still shows its 9 pixels.
    Takes uint8 pictures and float32 (H, W) maps; ``image``, the picture already handed to Pillow,
    saves doing that again.

    >>> for_display(np.zeros((6, 6), np.uint8), 480).shape
    (480, 480)
    >>> for_display(np.zeros((3000, 4000, 3), np.uint8), 480).shape
    (360, 480, 3)
    """
    h, w = picture.shape[:2]
    scale = min(width / w, 2 * width / h)
    if scale >= 1:
        factor = int(np.ceil(scale))
        return picture.repeat(factor, axis=0).repeat(factor, axis=1)
    return scaled_down(picture, scale, image)


def scaled_down(picture: np.ndarray, scale: float, image: Image.Image | None = None) -> np.ndarray:
    """``picture`` scaled down by ``scale`` (at most 1), each new pixel the mean of a box of old ones."""
    if scale >= 1:
        return picture
    h, w = picture.shape[:2]
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    image = Image.fromarray(picture) if image is None else image
    return np.asarray(image.resize(size, Image.Resampling.BOX, reducing_gap=2.0))


def shrink_by_max(values: np.ndarray, width: int) -> np.ndarray:
    """A (H, W) map max-pooled to at most ``width`` wide and twice that high: the screen copy of a
    map whose peaks matter. A map that fits is returned as it is.

    >>> shrink_by_max(np.arange(12.0).reshape(3, 4), 2).tolist()
    [[5.0, 7.0], [9.0, 11.0]]
    """
    h, w = values.shape
    factor = int(np.ceil(max(w / width, h / (2 * width))))
    if factor <= 1:
        return values
    return pool2d(values, (min(factor, h), min(factor, w)), ceil_mode=True)


def channel(picture: np.ndarray, name: str) -> np.ndarray:
    """One channel of ``picture`` as (H, W) uint8: "red", "green", "blue", or "grey" (Pillow's luma,
    ``(299 R + 587 G + 114 B) / 1000``).

    >>> channel(np.array([[[255, 0, 0]]], np.uint8), "grey").tolist()
    [[76]]
    """
    if name not in CHANNELS:
        raise ValueError(f"channel {name!r} is not one of {', '.join(CHANNELS)}")
    if picture.ndim == 2:
        return picture
    if name == "grey":
        return np.asarray(Image.fromarray(picture[:, :, :3]).convert("L"))
    return picture[:, :, CHANNELS.index(name) - 1]


def mark_patch(shown: np.ndarray, shape, top: int, left: int, height: int, width: int) -> np.ndarray:
    """``shown`` (a `for_display` copy of a picture of ``shape``) in colour, with a frame drawn around
    the patch ``[top:top + height, left:left + width]``; a tiny patch gets a frame big enough to see.
    """
    scale = shown.shape[1] / shape[1]
    centre_y, centre_x = (top + height / 2) * scale, (left + width / 2) * scale
    half_h, half_w = max(height * scale / 2, 8), max(width * scale / 2, 8)
    box = [centre_x - half_w, centre_y - half_h, centre_x + half_w, centre_y + half_h]
    image = Image.fromarray(shown).convert("RGB")
    draw = ImageDraw.Draw(image)
    draw.rectangle([box[0] - 3, box[1] - 3, box[2] + 3, box[3] + 3], outline=(0, 0, 0), width=2)
    draw.rectangle(box, outline=PATCH_COLOUR, width=3)
    return np.asarray(image)


@dataclass(frozen=True)
class Picture:
    """The image a lesson is about: a cache key, a name, its uint8 pixels, what to look for in it,
    and where its most telling patch starts (top, left)."""

    key: str
    title: str
    pixels: np.ndarray = field(repr=False)
    look_for: str = ""
    patch: tuple[int, int] | None = None
    remake: Callable[[], np.ndarray] | None = field(default=None, repr=False, compare=False)
    """Makes the pixels again (from the upload's bytes, the sample's file): what a session may keep
    instead of the pixels, which `PictureStore` may have dropped by the time they are needed."""

    @staticmethod
    def sample_key(name: str) -> str:
        return f"sample:{name}"

    @staticmethod
    def upload_key(name: str, data: bytes) -> str:
        """The key of an uploaded file: its name is part of it, since pictures are shared by key."""
        return f"upload:{hashlib.sha1(name.encode() + bytes(1) + data).hexdigest()[:16]}"

    @classmethod
    def of_sample(cls, name: str, pixels: np.ndarray) -> Picture:
        sample = SAMPLES[name]
        return cls(cls.sample_key(name), sample.title, pixels, sample.look_for, sample.patch,
                   functools.partial(load_sample, name))

    @classmethod
    def of_grid(cls, values: np.ndarray) -> Picture:
        key = hashlib.sha1(values.tobytes() + bytes(values.shape)).hexdigest()[:16]
        return cls(f"numbers:{key}", f"your {values.shape[0]} rows of {values.shape[1]} numbers", values,
                   remake=values.copy)

    @classmethod
    def of_upload(cls, name: str, data: bytes) -> Picture:
        """The uploaded file ``data`` called ``name``, decoded; raises InputError for a bad file."""
        return cls(cls.upload_key(name, data), name, _decoded(data), remake=functools.partial(_decoded, data))

    @property
    def start(self) -> tuple[int, int]:
        """Where the patch starts: the telling one, or the middle of the picture."""
        if self.patch is not None:
            return self.patch
        height, width = self.pixels.shape[:2]
        return max((height - PATCH_START) // 2, 0), max((width - PATCH_START) // 2, 0)

    @property
    def about(self) -> str:
        """Its size and colours, and what to look for: ``256×192 pixels, grey (one channel).``"""
        kind = "colour (red, green, blue)" if self.pixels.ndim == 3 else "grey (one channel)"
        look_for = f" Look for: {self.look_for}." if self.look_for else ""
        return f"{size_text(self.pixels.shape)} pixels, {kind}.{look_for}"


class Slots:
    """At most ``count`` threads inside at once (``with slots:``); a thread already inside enters
    again without taking another slot, so a caller can hold one across several steps that each
    take one themselves.

    >>> slots = Slots(1)
    >>> with slots:
    ...     with slots:
    ...         "entered twice with one slot"
    'entered twice with one slot'
    """

    def __init__(self, count: int):
        self._free = threading.BoundedSemaphore(count)
        self._depth = threading.local()

    def __enter__(self) -> Slots:
        depth = getattr(self._depth, "value", 0)
        if depth == 0:
            self._free.acquire()
        self._depth.value = depth + 1
        return self

    def __exit__(self, *exception) -> None:
        self._depth.value -= 1
        if self._depth.value == 0:
            self._free.release()


WHOLE_PICTURES = Slots(os.cpu_count() or 1)
"""Held while a whole picture is decoded or pooled (`Picture.of_upload`, `pool_picture`,
`full_resolution`): as many at once as the machine has cores. A class uploading at the same moment
then holds a few photos' working memory (a 12-megapixel photo needs about 120 MB while it is read)
instead of thirty, and the first results come sooner. A page holds it for all of a run that reads
and shows a photo, so that no more photos are in use at once than there are slots, whatever the
picture store has dropped meanwhile."""


def _decoded(data: bytes) -> np.ndarray:
    with WHOLE_PICTURES:
        return load_image(data)


class PictureStore:
    """The pictures in use, shared by every visitor of a server, with at most ``max_bytes`` of pixels.

    A session keeps only a picture's key and fetches the picture here; the pictures used longest ago
    are dropped first, so a class uploading photos holds a bounded number of them (the newest one
    always stays, even when larger than the budget). A picture nobody has used for ``max_idle``
    seconds is dropped too, by a timer, so the memory comes back once a class has gone; a session
    that comes back later makes its picture again. Stored pixels are made read-only: sessions share
    them. Safe to use from several threads.

    >>> store = PictureStore(max_bytes=100)
    >>> first = store.put(Picture("a", "a", np.zeros((5, 10), np.uint8)))
    >>> second = store.put(Picture("b", "b", np.zeros((5, 10), np.uint8)))
    >>> store.get("b") is second, store.get("a") is first
    (True, True)
    >>> _ = store.put(Picture("c", "c", np.zeros((5, 10), np.uint8)))  # drops "b", used longest ago
    >>> store.get("b") is None, store.get("a") is first
    (True, True)
    """

    def __init__(self, max_bytes: int, max_idle: float | None = None):
        self.max_bytes, self.max_idle = max_bytes, max_idle
        self._pictures: OrderedDict[str, Picture] = OrderedDict()
        self._used: dict[str, float] = {}
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def get(self, key: str) -> Picture | None:
        """The picture stored under ``key``, or None if there is none (any more)."""
        with self._lock:
            picture = self._pictures.get(key)
            if picture is not None:
                self._pictures.move_to_end(key)
                self._used[key] = time.monotonic()
            return picture

    def put(self, picture: Picture) -> Picture:
        """Store ``picture`` under its key, dropping the pictures used longest ago beyond the budget."""
        picture.pixels.flags.writeable = False
        with self._lock:
            self._pictures[picture.key] = picture
            self._pictures.move_to_end(picture.key)
            self._used[picture.key] = time.monotonic()
            while len(self._pictures) > 1 and self.bytes > self.max_bytes:
                self._used.pop(self._pictures.popitem(last=False)[0])
            self._check_idle_later()
        return picture

    def drop_idle(self, now: float | None = None) -> list[str]:
        """Drop the pictures nobody has used for ``max_idle`` seconds by ``now`` (`time.monotonic`,
        by default the present); their keys.

        >>> store = PictureStore(max_bytes=100, max_idle=60)
        >>> _ = store.put(Picture("a", "a", np.zeros((5, 10), np.uint8)))
        >>> store.drop_idle(now=time.monotonic() + 61), store.get("a")
        (['a'], None)
        """
        if self.max_idle is None:
            return []
        with self._lock:
            oldest = (time.monotonic() if now is None else now) - self.max_idle
            idle = [key for key, used in self._used.items() if used <= oldest]
            for key in idle:
                del self._pictures[key], self._used[key]
            return idle

    def _check_idle_later(self) -> None:
        """Start the timer that drops idle pictures, unless it runs; it stops when the store is empty."""
        if self.max_idle is None or self._timer is not None:
            return
        self._timer = threading.Timer(min(self.max_idle / 4, 10.0), self._check_idle)
        self._timer.daemon = True
        self._timer.start()

    def _check_idle(self) -> None:
        self.drop_idle()
        with self._lock:
            self._timer = None
            if self._pictures:
                self._check_idle_later()

    @property
    def bytes(self) -> int:
        """The bytes of pixels stored."""
        return sum(picture.pixels.nbytes for picture in self._pictures.values())


SMALL_PNG = 150_000
"""A screen copy is sent as PNG (exact) up to this many bytes, else as JPEG."""


def data_uri(picture: np.ndarray) -> str:
    """A uint8 picture as a ``data:`` URI, to send inside the page rather than as a separate file:
    PNG when that is small (pixel-exact enlargements of small pictures), else JPEG (photos).

    Whether the PNG is small is judged on a band of rows across the middle, a quarter of the
    picture, at zlib's fastest level: a 480×360 photo takes 3 ms there, against 12 ms for all of it
    and 140 ms at the default level, for a PNG that would not be sent either. A picture judged
    small enough is compressed whole at the default level, which is quick on such pictures, and
    sent as JPEG after all if it is not.

    >>> data_uri(np.zeros((2, 2), np.uint8))[:22]
    'data:image/png;base64,'
    """
    image = Image.fromarray(picture)
    if _png_size_guess(picture) <= SMALL_PNG:
        png = io.BytesIO()
        image.save(png, format="PNG", compress_level=6)
        if png.tell() <= SMALL_PNG:
            return f"data:image/png;base64,{base64.b64encode(png.getvalue()).decode()}"
    jpeg = io.BytesIO()
    image.save(jpeg, format="JPEG", quality=88)
    return f"data:image/jpeg;base64,{base64.b64encode(jpeg.getvalue()).decode()}"


def _png_size_guess(picture: np.ndarray) -> float:
    """The bytes of ``picture`` as a PNG at zlib's fastest level, from a quarter of its rows (all of
    them for a picture of at most 64 rows)."""
    rows = picture.shape[0]
    band = rows if rows <= 64 else rows // 4
    start = (rows - band) // 2
    png = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(picture[start:start + band])).save(png, format="PNG",
                                                                          compress_level=1)
    return png.tell() * rows / band


@dataclass(frozen=True)
class Level:
    """One picture as the page shows it: its shape, its brightest pixel and mean brightness (grey,
    0..255, as `channel`), a copy sized for the screen (`for_display`) and that copy as a
    `data_uri`."""

    shape: tuple[int, ...]
    brightest: int
    mean: float
    shown: np.ndarray = field(repr=False)
    uri: str = field(repr=False, default="")

    @classmethod
    def of(cls, picture: np.ndarray) -> Level:
        """
        >>> level = Level.of(np.array([[[255, 255, 255], [240, 160, 40]]], np.uint8))
        >>> level.shape, level.brightest, level.mean
        ((1, 2, 3), 255, 212.5)
        """
        pixels = to_uint8(picture)
        image = Image.fromarray(pixels)  # once: Pillow copies a colour picture into its own layout
        grey = image.convert("L") if image.mode == "RGB" else image  # `channel`'s grey
        counts = grey.histogram()  # pixels per value 0..255: both statistics without copying pixels
        brightest = max(value for value, count in enumerate(counts) if count)
        mean = sum(value * count for value, count in enumerate(counts)) / sum(counts)
        shown = for_display(pixels, image=image)
        return cls(picture.shape, brightest, mean, shown, data_uri(shown))


@dataclass(frozen=True)
class PooledPicture:
    """A picture pooled by max, average and min, each ``times`` times over.

    Attributes
    ----------
    levels : dict of str to list of Level
        For each op that could run, the pyramid: pooled once, twice, ...
    refused : dict of str to str
        For each op that could not run with these settings (average with dilation), why.
    stopped : str
        Why the pyramid ends before the requested number of poolings, or "".
    difference : ndarray of uint8, shape (h, w), or None
        Max minus average at the last level, averaged over channels and rounded; shrunk by
        `shrink_by_max` to at most HEATMAP_WIDTH wide, so no difference is averaged away.
    difference_largest : float
        The largest max-minus-average at the last level, at full resolution.
    """

    levels: dict[str, list[Level]]
    refused: dict[str, str]
    stopped: str
    difference: np.ndarray | None
    difference_largest: float


def mean_gap(high: np.ndarray, low: np.ndarray) -> np.ndarray:
    """``high - low`` in float32, averaged over the channels of a colour picture.

    Colour pictures are taken one plane at a time into one buffer, so no full-size colour
    difference is ever made: many times faster than ``(high - low).mean(axis=2)``.

    >>> mean_gap(np.array([[[9, 9, 9]]], np.uint8), np.array([[[8, 7, 0]]], np.float32)).tolist()
    [[4.0]]
    """
    if high.ndim == 2:
        return np.subtract(high, low, dtype=np.float32)
    total = np.subtract(high[:, :, 0], low[:, :, 0], dtype=np.float32)
    plane = np.empty_like(total)
    for c in range(1, high.shape[2]):
        total += np.subtract(high[:, :, c], low[:, :, c], out=plane, dtype=np.float32)
    total /= high.shape[2]
    return total


def reusable(spare: np.ndarray | None, current: np.ndarray, op: str, settings: dict) -> np.ndarray | None:
    """``spare``, a level the pyramid no longer needs, if the next pooling of ``current`` fits it
    exactly, else None. A pyramid that keeps its size (stride 1, "same") then alternates between two
    arrays instead of having the system clear a new one for every level."""
    if spare is None or spare.dtype != current.dtype or (op == "avg" and current.dtype.kind != "f"):
        return None
    shape = windows2d(current.shape[:2], **settings).out_shape + current.shape[2:]
    return spare if spare.shape == shape else None


def pyramid(picture: np.ndarray, op: str, times: int, **settings):
    """``picture`` pooled once, twice, ... ``times`` times with the same settings.

    Returns the `Level` of each pooling, the last pooled picture at full resolution, and why the
    pyramid stopped early if the picture became too small for the window (else ``""``). Settings
    that fail on the first pooling raise `PoolingError`. At most two full-resolution levels are held
    at a time.

    >>> levels, last, stop = pyramid(np.zeros((8, 8), np.uint8), "max", 5, kernel_size=2)
    >>> [level.shape for level in levels]
    [(4, 4), (2, 2), (1, 1)]
    >>> stop[:58]
    'The pyramid stops after 3 poolings: the picture is 1×1 and'
    """
    levels, current, spare = [], picture, None
    for _ in range(times):
        try:
            pooled = pool2d(current, op=op, out=reusable(spare, current, op, settings), **settings)
        except PoolingError as error:
            if not levels:
                raise
            return levels, current, (f"The pyramid stops after {len(levels)} poolings: the picture "
                                     f"is {size_text(current.shape)} and {error}.")
        spare = None if current is picture else current  # never write over the caller's picture
        current = pooled
        levels.append(Level.of(current))
    return levels, current, ""


def full_resolution(picture: np.ndarray, op: str, times: int, **settings) -> np.ndarray:
    """``picture`` pooled ``times`` times by ``op`` with the `pool2d` ``settings``, at full resolution.

    The pyramid keeps only screen copies of its levels (a `Level`); this makes the last level again
    when it is wanted, e.g. for a download, instead of holding every full-size level in memory
    between reruns. Pooling is fast (a 12-megapixel photo in well under a second).

    >>> full_resolution(np.arange(16, dtype=np.uint8).reshape(4, 4), "max", 2, kernel_size=2).tolist()
    [[15]]
    """
    with WHOLE_PICTURES:
        for _ in range(times):
            picture = pool2d(picture, op=op, **settings)
    return picture


def pooled_later(store: PictureStore, picture: Picture, op: str, times: int,
                 **settings) -> Callable[[], np.ndarray]:
    """A function making `full_resolution` of ``picture`` when called (a download): from the pixels
    in ``store``, or made again if the store has dropped them. It keeps the picture's key and
    `Picture.remake`, never the pixels: a session offering downloads holds no photo.

    >>> store = PictureStore(max_bytes=10**6, max_idle=60)
    >>> grid = store.put(Picture.of_grid(np.arange(16, dtype=np.uint8).reshape(4, 4)))
    >>> make = pooled_later(store, grid, "max", 1, kernel_size=2)
    >>> make().tolist()
    [[5, 7], [13, 15]]
    >>> later = time.monotonic() + 61
    >>> store.drop_idle(now=later) == [grid.key], make().tolist()  # dropped, so made again
    (True, [[5, 7], [13, 15]])
    """
    key, remake = picture.key, picture.remake

    def make() -> np.ndarray:
        stored = store.get(key)
        return full_resolution(stored.pixels if stored is not None else remake(), op, times, **settings)

    return make


def pool_picture(picture: np.ndarray, times: int = 1, **settings) -> PooledPicture:
    """Pool ``picture`` by max, average and min, ``times`` times each, with the `pool2d` ``settings``.

    Raises `PoolingError` when the settings do not fit the picture at all.

    >>> pooled = pool_picture(np.arange(16, dtype=np.uint8).reshape(4, 4), kernel_size=2)
    >>> [pooled.levels[op][0].brightest for op in ("max", "avg", "min")], pooled.difference_largest
    ([15, 12, 10], 2.5)
    """
    with WHOLE_PICTURES:
        levels, last, refused, stopped = {}, {}, {}, ""
        for op in ("max", "avg", "min"):
            try:
                levels[op], last[op], stopped = pyramid(picture, op, times, **settings)
            except PoolingError as error:
                if op != "avg":
                    raise
                refused[op] = str(error)
        difference, largest = None, 0.0
        if "avg" in last:
            gap = mean_gap(last["max"], last["avg"])
            difference, largest = to_uint8(shrink_by_max(gap, HEATMAP_WIDTH)), float(gap.max())
    return PooledPicture(levels, refused, stopped, difference, largest)


def size_line(original: Level, levels: list[Level]) -> str:
    """``256×192 → 128×96 → … → 8×6 px``: the sizes a pyramid went through.

    >>> level = Level((4, 4), 0, 0.0, np.zeros((1, 1)))
    >>> size_line(level, [Level((2, 2), 0, 0.0, np.zeros((1, 1)))])
    '4×4 → 2×2 px'
    """
    sizes = [size_text(original.shape), *(size_text(level.shape) for level in levels)]
    if len(sizes) > 3:
        sizes = [sizes[0], sizes[1], "…", sizes[-1]]
    return " → ".join(sizes) + " px"


def level_facts(level: Level) -> str:
    return f"brightest pixel {level.brightest} · mean brightness {level.mean:.0f}"


def takeaway(original: Level, pooled: PooledPicture, settings: dict, times: int) -> str:
    """Two or three sentences about what is on screen, with its numbers."""
    levels = pooled.levels
    top = levels["max"][-1]
    sentences = []
    if "avg" in levels:
        average = levels["avg"][-1]
        if average.brightest < top.brightest:
            sentences.append(
                f"**Max pooling keeps the strongest value in each window**: its brightest pixel is still "
                f"{top.brightest} (the original's is {original.brightest}), while **average pooling "
                f"blurs** bright details into their surroundings: its brightest pixel is only "
                f"{average.brightest}. Min pooling keeps the darkest value instead."
            )
        else:
            sentences.append(
                f"Max and average pooling both keep the brightest pixel, {top.brightest}: somewhere a "
                f"whole window is that bright. Pool again to see the average blur it."
            )
        if pooled.difference_largest > 0:
            sentences.append(
                f"The heatmap shows where they disagree: by up to {pooled.difference_largest:.0f} "
                f"(of 255) at edges and small details; on smooth areas max and average agree."
            )
    stride = size_text(settings["stride"])
    fewer = (original.shape[0] * original.shape[1]) / (top.shape[0] * top.shape[1])
    poolings = f" after {len(levels['max'])} poolings" if times > 1 else ""
    fewer_text = f", {fewer:,.1f} times fewer" if fewer >= 1.05 else ", as many as before"
    sentences.append(
        f"**Stride sets how much the image shrinks**: with stride {stride} it went from "
        f"{size_text(original.shape)} to {size_text(top.shape)} pixels{poolings}{fewer_text}."
    )
    return " ".join(sentences)


OPS = {op: f"{name.capitalize()} pooling" for op, name in OP_NAMES.items()}
SOURCES = {"sample": "A sample image", "upload": "Your own image", "numbers": "Numbers you type"}
DEFAULT_GRID = ("10, 10, 10, 10, 200, 200\n10, 250, 10, 10, 200, 200\n10, 10, 10, 10, 200, 200\n"
                "10, 10, 10, 10, 200, 200\n60, 60, 60, 60, 60, 60\n60, 60, 120, 60, 60, 60")
WHERE = whole(0, 100_000)
LINK = [  # what the image lesson keeps in its link
    Setting("img_source", "img_source", "sample", choice(list(SOURCES), SOURCES)),
    Setting("img_sample", "img_sample", next(iter(SAMPLES)),
            choice(list(SAMPLES), {name: sample.title for name, sample in SAMPLES.items()})),
    Setting("img_grid", "img_grid", DEFAULT_GRID, grid_text),
    *(Setting(f"img_{name}_{axis}", f"img_{name}_{axis}", default, whole(low, high))
      for name, low, high, default in (("kernel", 1, 8, 2), ("stride", 1, 8, 2), ("pad", 0, 4, 0),
                                       ("dilation", 1, 4, 1)) for axis in "hw"),
    Setting("img_same", "img_same", False, FLAG),
    Setting("img_ceil", "img_ceil", False, FLAG),
    Setting("img_count_pad", "img_count_pad", True, FLAG),
    Setting("img_channel", "img_channel", "grey", choice(CHANNELS)),
    Setting("img_side", "img_side", PATCH_START, whole(2, PATCH_SIDE)),
    Setting("img_top", "img_top", None, WHERE),
    Setting("img_left", "img_left", None, WHERE),
    Setting("img_op", "img_op", "max", choice(list(OPS), OPS)),
    animation_step("img_step", "img_step"),
    Setting("img_times", "img_times", 1, whole(1, 5)),
]
