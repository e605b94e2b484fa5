"""The package's three layers, read from the imports: the core imports no lesson, chart, plotly or
streamlit; lessons import no chart, plotly or streamlit; charts import no streamlit; nothing imports
a page."""

import ast
from pathlib import Path

import pytest

from pooling.lessons.catalog import PAGE_HELPERS

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pooling"

FORBIDDEN = {
    "core": ("pooling.lessons", "pooling.charts", "plotly", "streamlit", "pages"),
    "lessons": ("pooling.charts", "plotly", "streamlit", "pages"),
    "charts": ("streamlit", "pages"),
}


def layer(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if parts[0] in ("lessons", "charts") else "core"


def imported(path: Path) -> set[str]:
    """Absolute names of every module ``path`` imports (relative imports resolved)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def breaks(name: str, forbidden: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in forbidden)


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(ROOT)) for p in MODULES])
def test_each_module_imports_only_from_its_own_layer_or_below(path):
    wrong = sorted(name for name in imported(path) if breaks(name, FORBIDDEN[layer(path)]))
    assert not wrong, f"{path.relative_to(ROOT)} ({layer(path)}) imports {wrong}"


SHARED_PAGE_MODULES = {file.removesuffix(".py").replace("/", ".") for file in PAGE_HELPERS}


def test_nothing_outside_pages_imports_a_page():
    lesson_pages = {f"pages.{p.stem}" for p in (ROOT / "pages").glob("*.py")} - SHARED_PAGE_MODULES
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "tests").glob("*.py"), *MODULES]:
        wrong = sorted(name for name in imported(path) if breaks(name, tuple(lesson_pages)))
        assert not wrong, f"{path.relative_to(ROOT)} imports the page(s) {wrong}"


def test_the_check_catches_a_core_module_that_imports_plotly():
    fake = PACKAGE / "ops.py"
    names = imported(fake) | {"plotly.graph_objects"}
    assert any(breaks(name, FORBIDDEN["core"]) for name in names)
    assert layer(PACKAGE / "lessons" / "frames.py") == "lessons" and layer(fake) == "core"
