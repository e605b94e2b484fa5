"""Reading an animation's plotly spec (a dict, as the browser gets it)."""


def caption(spec: dict, t: int | None = None) -> str:
    """The caption the figure opens with, or the one its plotly frame ``t`` writes, on one line (a long
    caption is broken into lines that fit a phone)."""
    layout = spec["layout"] if t is None else spec["frames"][t]["layout"]
    (note,) = (note for note in layout["annotations"] if note.get("name") == "caption")
    return note["text"].replace("<br>", " ")
