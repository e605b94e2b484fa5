"""The lessons in teaching order: where each page lives, its title, icon and one line on what it teaches.

A lesson appears in the navigation and on the home page once its page file exists, so a line can
land before its page. Files are relative to the app's root folder (where app.py is).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["APP_DIR", "LESSONS", "PAGE_HELPERS", "Lesson", "available_lessons", "lesson_for"]

APP_DIR = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Lesson:
    file: str
    title: str
    icon: str
    teaches: str

    @property
    def url_path(self) -> str:
        """The lesson's address: its file name, ``window_1d``."""
        return Path(self.file).stem


LESSONS = (
    Lesson(
        "pages/window_1d.py",
        "Sliding a window",
        ":material/linear_scale:",
        "A window slides along a sequence and keeps its max or average: kernel size, stride, padding.",
    ),
    Lesson(
        "pages/image.py",
        "Pooling an image",
        ":material/grid_on:",
        "The same window in two dimensions, on your own photo: what max and average pooling keep.",
    ),
    Lesson(
        "pages/global_pooling.py",
        "Global max vs average",
        ":material/compress:",
        "One window over the whole input: a single number per channel, and when max or average wins.",
    ),
    Lesson(
        "pages/cam.py",
        "Where does the network look?",
        ":material/center_focus_strong:",
        "Class activation maps of small networks trained here: GAP, GMP and flatten heads, measured.",
    ),
    Lesson(
        "pages/practice.py",
        "Check yourself",
        ":material/quiz:",
        "Questions on the first three lessons, made by the same code: try first, then see the worked answer.",
    ),
)


PAGE_HELPERS = ("pages/common.py", "pages/predict.py", "pages/presenter.py", "pages/score.py",
                "pages/sharing.py", "pages/image_choice.py", "pages/image_whole.py",
                "pages/window_1d_global.py")
"""Files in pages/ that hold what the pages share (widgets, the score, downloads) or a part of one
lesson's page (the image lesson's picture and its sections 4-6, the sliding window's sections 5-6),
not pages."""


def available_lessons() -> list[Lesson]:
    """The registered lessons whose page file exists, in teaching order."""
    return [lesson for lesson in LESSONS if (APP_DIR / lesson.file).is_file()]


def lesson_for(file: str) -> Lesson:
    """The registered lesson whose page is ``file`` (``"pages/image.py"``)."""
    return next(lesson for lesson in LESSONS if lesson.file == file)
