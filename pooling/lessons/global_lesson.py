"""What the global pooling lesson says around its numbers: its introduction and the text of its
sections, with the sources cited once (`pooling.lessons.citations`)."""

from __future__ import annotations

from . import sentences as sentence
from .citations import KIM, NIN
from .feature_maps import MAP_FEATURES

__all__ = ["GAP_HEADS", "INTRO", "maps_intro", "sequence_intro"]

INTRO = (
    "Global pooling turns each whole feature map into **one number**: its largest value "
    "(**global max pooling, GMP**) or its mean (**global average pooling, GAP**). "
    "GMP answers *is the feature anywhere?*, GAP answers *how much of it is there overall?*"
)

GAP_HEADS = (
    "Networks such as VGG flattened the last feature maps into a long vector and fed it to dense "
    f"layers. Network In Network ({NIN}) instead made one feature map per class and averaged each "
    "into that class's score. Count what each head has to learn:"
)


def maps_intro(max_side: int) -> str:
    """How the image becomes feature maps, for images shrunk to at most ``max_side`` pixels a side."""
    return (
        "Two 3x3 edge filters (Sobel) and two per-pixel ones, fixed here where a network would learn "
        f"them, turn the image into {len(MAP_FEATURES)} feature maps: "
        + ", ".join(f"**{name}**" for name in MAP_FEATURES)
        + f". Images are first shrunk by average pooling to at most {max_side} pixels a side."
    )


def sequence_intro() -> str:
    """A sentence as feature maps over time, and what the prefilled numbers are."""
    return (
        "In a sentence classifier each word is a step and each convolution filter scores every step: "
        "a feature map over time. Pooling over time turns (steps, features) into one number per "
        f"feature ({KIM}). Prefilled: *{' '.join(sentence.WORDS)}*, with hand-set scores for "
        + ", ".join(f"**{name}**" for name in sentence.SENTENCE_FEATURES)
        + "; type your own numbers to replace it."
    )
