"""A pooling animation as an animated GIF, drawn with Pillow from the same `Frame` records as the page.

One GIF frame per `Frame`, laid out as the page lays out its plotly animation: the input cells with
their values (padding hatched and labelled with what it holds, cells past the end dashed), the output
below (a sequence) or to the right (a patch) filling in step by step, the window outlined thick in
orange over an orange tint, the cells max or min picks filled in vermillion, and the caption with the
arithmetic underneath. Nothing here needs a browser; the font is the one Pillow ships.

`gif_layout` says where every cell is drawn, in pixels, so a test can look at them in the decoded GIF.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ..windows import BEYOND, PADDING
from .frames import (
    MAX_STEPS,
    Frame,
    cell_boxes,
    finite_range,
    first_steps,
    format_number,
    padding_label,
)

__all__ = ["DELAYS_MS", "THEMES", "GifLayout", "animation_gif", "draw_caption", "draw_frames", "gif_layout"]

WIDTH = 1280
"""Pixels across: reads on a slide."""
DELAYS_MS = {"slow": 1800, "normal": 900, "fast": 350}
"""Delay per frame, as the page's play speeds."""
MAX_CELL = 110
MIN_CELL = 22
"""Cells are drawn at least this big; a very long input makes the picture wider than ``width``."""
CROWDED = 30
"""Beyond this many columns only every fifth index is written."""
LABEL_SIZE = 22
"""Pixels: row names and column indices."""


@dataclass(frozen=True)
class Theme:
    background: tuple[int, int, int]
    ink: tuple[int, int, int]
    faint: tuple[int, int, int]
    low: tuple[int, int, int]
    """Sequence cells: the colour of the smallest value ..."""
    high: tuple[int, int, int]
    """... and of the largest."""
    padding: tuple[int, int, int]
    hatch: tuple[int, int, int]


WINDOW = (0xE6, 0x9F, 0x00)
WINDOW_TINT = (*WINDOW, 77)
WINNER = (0xD5, 0x5E, 0x00)
THEMES = {
    "light": Theme(background=(255, 255, 255), ink=(0x22, 0x22, 0x22), faint=(0x66, 0x66, 0x66),
                   low=(0xEE, 0xF4, 0xF9), high=(0x7F, 0xB8, 0xDA), padding=(0xDD, 0xDD, 0xDD),
                   hatch=(0x99, 0x99, 0x99)),
    "dark": Theme(background=(0x0E, 0x11, 0x17), ink=(0xFA, 0xFA, 0xFA), faint=(0xA0, 0xA4, 0xAB),
                  low=(0x1C, 0x2A, 0x38), high=(0x2F, 0x6E, 0x99), padding=(0x33, 0x36, 0x3D),
                  hatch=(0x66, 0x6A, 0x72)),
}
"""Light for a white slide, dark for a dark one; the window and winner colours are the same in both."""


@dataclass(frozen=True)
class GifLayout:
    """Where everything of one animation is drawn, in pixels.

    Cell ``(row, col)`` of the input grid (negative or past the end for padding) has its top-left
    corner at ``(input_x + (col - left) * cell, input_y + (row - top) * cell)``; output cell
    ``(row, col)`` at ``(output_x + col * cell, output_y + row * cell)``.
    """

    width: int
    height: int
    cell: int
    top: int
    bottom: int
    left: int
    right: int
    input_x: int
    input_y: int
    output_x: int
    output_y: int
    out_shape: tuple[int, int]
    caption_x: int
    caption_y: int
    font_size: int
    caption_size: int
    label_size: int
    row_labels: tuple[str, ...]
    """Left of the rows: ``x`` and ``y`` (with feature names) for a sequence, row indices for a patch."""
    note: str
    """Above everything when a long sequence is cut short, as on the page; "" otherwise."""
    note_y: int
    frames: int
    """How many frames the GIF has: one per output step shown."""

    def cell_box(self, row: int, col: int) -> tuple[int, int, int, int]:
        """``(x0, y0, x1, y1)`` of input cell ``(row, col)``, x1 and y1 excluded."""
        x0 = self.input_x + (col - self.left) * self.cell
        y0 = self.input_y + (row - self.top) * self.cell
        return x0, y0, x0 + self.cell, y0 + self.cell

    def out_box(self, row: int, col: int) -> tuple[int, int, int, int]:
        """``(x0, y0, x1, y1)`` of output cell ``(row, col)``, x1 and y1 excluded."""
        x0, y0 = self.output_x + col * self.cell, self.output_y + row * self.cell
        return x0, y0, x0 + self.cell, y0 + self.cell


@cache
def font(size: int) -> ImageFont.FreeTypeFont:
    """Pillow's own TrueType font (no font file needed) at ``size`` pixels."""
    return ImageFont.load_default(size=size)


def _shown(x, frames, max_steps) -> tuple[np.ndarray, list[Frame], str]:
    """What the picture shows, as the page does: the input as the frames address it (``(features, steps)``
    for a sequence, ``(H, W)`` for a patch), the frames, and a note when a long sequence is cut short."""
    values = np.asarray(x, dtype=float)
    sequence = len(frames[0].index) == 1
    grid_shape = values.reshape(values.shape[0], -1).T.shape if sequence else values.shape
    if grid_shape != frames[0].grid.shape:
        raise ValueError(f"x of shape {np.shape(x)} is not the input of these frames "
                         f"(a grid of {frames[0].grid.shape})")
    if not sequence:
        return values, frames, ""
    values, frames, note = first_steps(values, frames, max_steps)
    return values.reshape(values.shape[0], -1).T, frames, note


def _row_labels(values, sequence, feature_names) -> list[str]:
    if not sequence:
        return [str(r) for r in range(values.shape[0])]
    features = values.shape[0]
    names = feature_names or ([""] if features == 1 else [f"feature {f}" for f in range(features)])
    return [f"x {name}".strip() for name in names] + [f"y {name}".strip() for name in names]


def gif_layout(x, frames: list[Frame], *, width: int = WIDTH, feature_names=None,
               max_steps: int = MAX_STEPS) -> GifLayout:
    """Plan the picture: cell size, where the input, output and caption go.

    Parameters
    ----------
    x : array_like, shape (steps,), (steps, features) or (H, W)
        The input the frames were built on.
    frames : list of Frame
        From `frames1d` (output drawn below the input) or `frames2d` (output to the right).
    width : int
        Pixels across; exceeded only when cells would be smaller than ``MIN_CELL``.
    feature_names : list of str, optional
        One per feature of a sequence, written left of its rows.
    max_steps : int
        A longer sequence is drawn over its first ``max_steps`` steps, as the page animates it.
    """
    values, frames, note = _shown(x, frames, max_steps)
    grid = frames[0].grid
    sequence = len(frames[0].index) == 1
    row_labels = _row_labels(values, sequence, feature_names)
    (pad_top, pad_bottom), (pad_left, pad_right) = grid.pad
    rows = [r for f in frames for r, _ in f.cells]
    cols = [c for f in frames for _, c in f.cells]
    top, bottom = min([-pad_top, *rows]), max([values.shape[0] - 1 + pad_bottom, *rows])
    left, right = min([-pad_left, *cols]), max([values.shape[1] - 1 + pad_right, *cols])
    out_shape = (grid.out_shape[0], len(frames)) if sequence else grid.out_shape
    margin = 24
    label_size = LABEL_SIZE
    gutter = max(font(label_size).getlength(label) for label in row_labels) + 16
    if sequence:
        columns = max(right, out_shape[1] - 1) - left + 1
    else:
        columns = right - left + 1 + 2 + out_shape[1]
    cell = int(min(MAX_CELL, max(MIN_CELL, (width - 2 * margin - gutter) // columns)))
    if cell < 1.2 * label_size:  # row names as tall as their rows, and no wider than planned for
        label_size = max(10, int(cell / 1.2))
    width = max(width, int(2 * margin + gutter + columns * cell))
    widest = max(len(format_number(v)) for v in [*values.flat, *(v for f in frames for v in f.values)])
    font_size = int(max(9, min(0.5 * cell, cell / (0.62 * max(widest, 1)))))
    input_x = int(margin + gutter)
    note_y = margin
    input_y = int(margin + 1.6 * label_size + (1.6 * LABEL_SIZE if note else 0))
    grid_bottom = input_y + (bottom - top + 1) * cell
    if sequence:
        output_x = input_x + (0 - left) * cell
        output_y = grid_bottom + int(1.2 * label_size) + cell // 2
    else:
        output_x = input_x + (right - left + 1 + 2) * cell
        output_y = input_y + (0 - top) * cell
    lowest = max(grid_bottom, output_y + out_shape[0] * cell)
    captions = [caption for f in frames for caption in f.captions]
    caption_size = 34
    longest = max(font(caption_size).getlength(text) for text in captions)
    if longest > width - 2 * margin:
        caption_size = max(12, int(caption_size * (width - 2 * margin) / longest))
    lines = max(len(f.captions) for f in frames)
    caption_y = lowest + cell // 2
    height = caption_y + int(lines * caption_size * 1.35) + margin
    return GifLayout(
        width=width, height=height, cell=cell, top=top, bottom=bottom, left=left, right=right,
        input_x=input_x, input_y=input_y, output_x=output_x, output_y=output_y, out_shape=out_shape,
        caption_x=margin, caption_y=caption_y, font_size=font_size, caption_size=caption_size,
        label_size=label_size, row_labels=tuple(row_labels), note=note, note_y=note_y, frames=len(frames),
    )


def animation_gif(x, frames: list[Frame], *, delay_ms: int = DELAYS_MS["normal"], theme: str = "light",
                  width: int = WIDTH, value_range=None, feature_names=None, step_labels=None,
                  max_steps: int = MAX_STEPS) -> bytes:
    """The animation as GIF bytes: one frame per `Frame`, ``delay_ms`` each, looping.

    Parameters
    ----------
    x : array_like, shape (steps,), (steps, features) or (H, W)
        The input the frames were built on (`frames1d` or `frames2d`).
    frames : list of Frame
        The frames the page animates.
    delay_ms : int
        How long each frame shows, in milliseconds (GIF counts in hundredths of a second).
    theme : {"light", "dark"}
    width : int
        Pixels across (more only for inputs too long to draw readable cells).
    value_range : (float, float), optional
        For a patch: the values drawn black and white, e.g. (0, 255) for pixels; default its own range.
        A sequence is drawn on a pale blue scale over its own range.
    feature_names : list of str, optional
        One per feature of a sequence, written left of its rows.
    step_labels : list of str, optional
        One per step or column (e.g. the words of a sentence), written above the input.
    max_steps : int
        A longer sequence is drawn over its first ``max_steps`` steps, with a note, as the page does.

    Returns
    -------
    bytes
        A GIF89a with ``len(frames)`` frames.
    """
    images = draw_frames(x, frames, theme=theme, width=width, value_range=value_range,
                         feature_names=feature_names, step_labels=step_labels, max_steps=max_steps)
    sample = Image.new("RGB", (images[0].width, images[0].height * 2))
    sample.paste(images[0], (0, 0))
    sample.paste(images[len(images) // 2], (0, images[0].height))
    palette = sample.quantize(colors=255, method=Image.Quantize.MEDIANCUT)
    indexed = [image.quantize(palette=palette, dither=Image.Dither.NONE) for image in images]
    out = io.BytesIO()
    indexed[0].save(out, format="GIF", save_all=True, append_images=indexed[1:],
                    duration=int(delay_ms), loop=0, disposal=1)
    return out.getvalue()


def draw_frames(x, frames: list[Frame], *, theme: str = "light", width: int = WIDTH, value_range=None,
                feature_names=None, step_labels=None, max_steps: int = MAX_STEPS) -> list[Image.Image]:
    """The GIF's frames as RGB images (see `animation_gif` for the parameters)."""
    if theme not in THEMES:
        raise ValueError(f"theme must be one of {sorted(THEMES)}; got {theme!r}")
    colours = THEMES[theme]
    values, frames, _ = _shown(x, frames, max_steps)
    sequence = len(frames[0].index) == 1
    layout = gif_layout(x, frames, width=width, feature_names=feature_names, max_steps=max_steps)
    complete = _base(layout, values, frames, colours, value_range, sequence, step_labels)
    # Outputs appear as their frame writes them: start with all of them covered.
    progress = complete.copy()
    cover = ImageDraw.Draw(progress)
    for frame in frames:
        for cell in frame.out_cells:
            _cover(cover, layout.out_box(*cell), colours)
    images = []
    for frame in frames:
        for cell in frame.out_cells:
            box = layout.out_box(*cell)
            progress.paste(complete.crop(box), box[:2])
        image = progress.copy()
        draw = ImageDraw.Draw(image, "RGBA")
        for box in cell_boxes(frame.cells):
            _outline(draw, layout, box, fill=WINDOW_TINT)
        for cell in frame.out_cells:
            x0, y0, x1, y1 = layout.out_box(*cell)
            draw.rectangle((x0, y0, x1 - 1, y1 - 1), outline=WINDOW, width=_line(layout, 4))
        for cell, value in zip(frame.winners, frame.values):
            if cell is not None:
                inset = max(3, layout.cell // 9)
                x0, y0, x1, y1 = layout.cell_box(*cell)
                draw.rectangle((x0 + inset, y0 + inset, x1 - 1 - inset, y1 - 1 - inset), fill=WINNER)
                _centred(draw, (x0, y0, x1, y1), format_number(value), layout.font_size, (255, 255, 255),
                         bold=True)
        draw_caption(draw, layout, frame.caption, colours.ink)
        images.append(image)
    return images


def draw_caption(draw: ImageDraw.ImageDraw, layout: GifLayout, text: str, ink) -> None:
    """Write a frame's caption (one line per result) under the cells, where ``layout`` puts it."""
    draw.multiline_text((layout.caption_x, layout.caption_y), text, fill=ink, font=font(layout.caption_size),
                        spacing=int(layout.caption_size * 0.35))


def _line(layout, width: float) -> int:
    """A line ``width`` pixels thick at a 60 px cell, scaled with the cell."""
    return max(2, round(width * layout.cell / 60))


def _outline(draw, layout, box, fill=None):
    """The window: a thick orange frame (and a tint) around cells ``(top, left, bottom, right)``."""
    top, left, bottom, right = box
    x0, y0, _, _ = layout.cell_box(top, left)
    _, _, x1, y1 = layout.cell_box(bottom, right)
    thick = _line(layout, 5)
    draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=fill)
    draw.rectangle((x0 - thick // 2, y0 - thick // 2, x1 - 1 + thick // 2, y1 - 1 + thick // 2),
                   outline=WINDOW, width=thick)


def _cover(draw, box, colours):
    """An output not written yet: blank, with a dotted outline where it will go."""
    x0, y0, x1, y1 = box
    draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=colours.background)
    _dashed(draw, box, colours.faint, dash=3)


def _dashed(draw, box, colour, dash):
    x0, y0, x1, y1 = box
    x1, y1 = x1 - 2, y1 - 2
    for start in range(x0 + 1, x1, 2 * dash):
        end = min(start + dash, x1)
        draw.line((start, y0 + 1, end, y0 + 1), fill=colour)
        draw.line((start, y1, end, y1), fill=colour)
    for start in range(y0 + 1, y1, 2 * dash):
        end = min(start + dash, y1)
        draw.line((x0 + 1, start, x0 + 1, end), fill=colour)
        draw.line((x1, start, x1, end), fill=colour)


def _centred(draw, box, text, size, colour, bold=False):
    x0, y0, x1, y1 = box
    draw.text(((x0 + x1) / 2, (y0 + y1) / 2), text, fill=colour, font=font(size), anchor="mm",
              stroke_width=1 if bold else 0, stroke_fill=colour)


def _shade(value, low, high, colours, sequence):
    """A cell's colour: a pale blue scale for a sequence, grey levels (as the picture) for a patch."""
    if not math.isfinite(value):
        return colours.background
    t = min(max((value - low) / (high - low), 0.0), 1.0)
    if sequence:
        return tuple(round(a + (b - a) * t) for a, b in zip(colours.low, colours.high))
    return (round(255 * t),) * 3


def _ink(shade, colours):
    luminance = (0.2126 * shade[0] + 0.7152 * shade[1] + 0.0722 * shade[2]) / 255
    return (0x22, 0x22, 0x22) if luminance > 0.45 else (255, 255, 255)


def _base(layout, values, frames, colours, value_range, sequence, step_labels):
    """Everything every frame shares: the input cells, padding, labels and the complete output."""
    grid = frames[0].grid
    image = Image.new("RGB", (layout.width, layout.height), colours.background)
    draw = ImageDraw.Draw(image)
    low, high = value_range or finite_range(values)
    gap = max(1, layout.cell // 30)

    def cell(box, value):
        x0, y0, x1, y1 = box
        shade = _shade(value, low, high, colours, sequence)
        draw.rectangle((x0 + gap, y0 + gap, x1 - 1 - gap, y1 - 1 - gap), fill=shade)
        _centred(draw, box, format_number(value), layout.font_size, _ink(shade, colours))

    for r in range(values.shape[0]):
        for c in range(values.shape[1]):
            cell(layout.cell_box(r, c), values[r, c])
    output = np.full(layout.out_shape, np.nan)
    for frame in frames:
        for out_cell, value in zip(frame.out_cells, frame.values):
            output[out_cell] = value
    for (r, c), value in np.ndenumerate(output):
        if not math.isnan(value):
            cell(layout.out_box(r, c), value)
    _padding(draw, layout, grid, colours)
    _labels(draw, layout, values, colours, sequence, step_labels)
    return image


def _padding(draw, layout, grid, colours):
    """Padding hatched and labelled with what it holds (struck through when not counted);
    cells past the padding (a ceil_mode window hanging off the end) dashed."""
    label = padding_label(grid.op)
    size = min(layout.font_size, int(layout.cell / (0.62 * len(label))))
    for row in range(layout.top, layout.bottom + 1):
        for col in range(layout.left, layout.right + 1):
            kind = grid.kind(row, col)
            x0, y0, x1, y1 = box = layout.cell_box(row, col)
            if kind == BEYOND:
                _dashed(draw, box, colours.faint, dash=max(3, layout.cell // 10))
            if kind != PADDING:
                continue
            inset = max(2, layout.cell // 25)
            draw.rectangle((x0 + inset, y0 + inset, x1 - 1 - inset, y1 - 1 - inset), fill=colours.padding,
                           outline=colours.hatch)
            inner = (x0 + inset, y0 + inset, x1 - 1 - inset, y1 - 1 - inset)
            for offset in range(max(6, layout.cell // 6), inner[2] - inner[0] + inner[3] - inner[1],
                                max(6, layout.cell // 6)):
                draw.line(_clipped_diagonal(*inner, offset), fill=colours.hatch)
            _centred(draw, box, label, size, colours.ink)
            if not grid.padding_counted:
                length = font(size).getlength(label) / 2 + 3
                middle_x, middle_y = (x0 + x1) / 2, (y0 + y1) / 2
                draw.line((middle_x - length, middle_y, middle_x + length, middle_y), fill=colours.ink,
                          width=max(1, size // 10))


def _clipped_diagonal(x0, y0, x1, y1, offset):
    """The part inside the box of the line ``/`` that crosses the box's top edge (or its extension)
    ``offset`` px right of x0."""
    w, h = x1 - x0, y1 - y0
    return (x0 + min(offset, w), y0 + max(0, offset - w), x0 + max(0, offset - h), y0 + min(offset, h))


def _labels(draw, layout, values, colours, sequence, step_labels):
    """The note on top, row names on the left, step labels or indices above the input, indices above
    the output."""
    small = font(layout.label_size)
    draw.text((layout.caption_x, layout.note_y), layout.note, fill=colours.faint, font=font(LABEL_SIZE))
    rows = values.shape[0]
    for r, text in enumerate(layout.row_labels):
        box = layout.cell_box(r, layout.left) if r < rows or not sequence else layout.out_box(r - rows, 0)
        x = layout.cell_box(0, layout.left)[0] - 10
        draw.text((x, (box[1] + box[3]) / 2), text, fill=colours.faint, font=small, anchor="rm")
    columns = values.shape[1]
    labels = [str(c) for c in range(columns)] if step_labels is None else [str(s) for s in step_labels]
    labels = labels[:columns]
    _column_labels(draw, [layout.cell_box(layout.top, c) for c in range(columns)], labels, layout, colours)
    out_cols = layout.out_shape[1]
    _column_labels(draw, [layout.out_box(0, c) for c in range(out_cols)], [str(c) for c in range(out_cols)],
                   layout, colours)


def _column_labels(draw, boxes, labels, layout, colours):
    crowded = len(labels) > CROWDED
    size = layout.label_size
    longest = max((font(size).getlength(label) for label in labels), default=0)
    if longest > layout.cell * 0.95:
        size = max(9, int(size * layout.cell * 0.95 / longest))
    for i, (box, label) in enumerate(zip(boxes, labels)):
        if crowded and i % 5:
            continue
        draw.text(((box[0] + box[2]) / 2, box[1] - 4), label, fill=colours.faint, font=font(size),
                  anchor="md")

