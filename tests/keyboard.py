"""Moving through a page with the keyboard alone, as a student without a mouse does."""

MAX_TABS = 60


def tab_to(page, matches: str) -> None:
    """Press Tab until the focused element satisfies the JavaScript test ``matches`` (given ``el``)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {matches})(document.activeElement)"):
            return
    raise AssertionError(f"{MAX_TABS} presses of Tab never reached an element where {matches}")
