"""The running score of a session: every question or prediction counts once, at its first answer.

Nothing is stored beyond the browser session, and no account is needed; the pages keep one `Score`
in the session and share it, so practice questions and a lesson's predictions add up together.

>>> score = Score()
>>> score.record("q1", True), score.record("q1", False), score.record("q2", False)
(True, False, True)
>>> score.text
'1 of 2'
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Score"]


@dataclass
class Score:
    """What was answered this session: question key -> whether its first answer was right."""

    results: dict[str, bool] = field(default_factory=dict)

    def record(self, key: str, right: bool) -> bool:
        """Count ``key``'s answer unless it was answered before; True if it counted."""
        if key in self.results:
            return False
        self.results[key] = bool(right)
        return True

    def answered(self, key: str) -> bool:
        return key in self.results

    @property
    def right(self) -> int:
        return sum(self.results.values())

    @property
    def asked(self) -> int:
        return len(self.results)

    @property
    def text(self) -> str:
        """``"7 of 9"``."""
        return f"{self.right} of {self.asked}"

    def reset(self) -> None:
        self.results.clear()
