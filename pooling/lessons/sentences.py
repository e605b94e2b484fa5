"""A short sentence as a ``(steps, features)`` sequence: one row per word, one hand-set score per
feature, as the feature maps of a sentence classifier's convolution might read (Kim 2014's
max-over-time pooling keeps each feature's strongest word).

The sentence ends in two padding tokens, added only to make sentences in a batch the same length;
``WORDS`` and ``SCORES`` are the sentence without them.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "KIM_FEATURES", "KIM_SCORES", "KIM_WORDS", "PADDED_SCORES", "PADDED_WORDS", "PAD_WORD", "SCORES",
    "SENTENCE_FEATURES", "WORDS", "rows_text",
]

PAD_WORD = "<pad>"
PADDED_WORDS = ("the", "film", "was", "not", "very", "good", PAD_WORD, PAD_WORD)
SENTENCE_FEATURES = ("positive", "negative", "negation")
PADDED_SCORES = np.array([  # padding tokens still excite "negative"
    (0.1, 0.0, 0.0), (0.3, 0.1, 0.0), (0.0, 0.1, 0.0), (0.0, 0.6, 0.9),
    (0.2, 0.1, 0.1), (0.9, 0.0, 0.0), (0.2, 0.7, 0.0), (0.2, 0.7, 0.0),
])
WORDS = PADDED_WORDS[: PADDED_WORDS.index(PAD_WORD)]
SCORES = PADDED_SCORES[: len(WORDS)]


# Kim 2014's example: three filters scoring each 3-word window of a sentence.
KIM_WORDS = ("i did not", "did not like", "not like this", "like this movie", "this movie at", "movie at all")
KIM_FEATURES = ("negation filter", "dislike filter", "movie filter")
KIM_SCORES = np.array([
    (0.2, 0.0, 0.0), (0.9, 0.4, 0.0), (0.8, 0.95, 0.1), (0.1, 0.6, 0.5), (0.0, 0.1, 0.8), (0.3, 0.2, 0.6),
])


def rows_text(rows) -> str:
    """Rows of numbers as a student types them: one line per step, commas between features.

    >>> print(rows_text(SCORES[:2]))
    0.1, 0, 0
    0.3, 0.1, 0
    """
    return "\n".join(", ".join(f"{v:g}" for v in row) for row in rows)
