"""What a class sees of a page's layout, checked in the browser: chart text that covers other chart
text or runs past the chart's edge, labels cut short or (in presenter mode) broken over two lines,
animations taller than the screen.
"""

from tests.conftest import wait_for_app

CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .every(chart => chart.querySelector('.main-svg'))"""

LAYOUT_FAULTS = """oneLine => {
  const faults = [];
  const onScreen = e => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.right > 0 && box.left < window.innerWidth;
  };
  const shown = t => onScreen(t) && t.textContent.trim() && getComputedStyle(t).opacity !== '0'
      && !/rgba\\(0, 0, 0, 0\\)/.test(t.style.fill + t.getAttribute('fill'));
  document.querySelectorAll('.js-plotly-plot').forEach((plot, i) => {
    const texts = [...plot.querySelectorAll('svg text')].filter(shown)
      .map(t => ({text: t.textContent.trim(), box: t.getBoundingClientRect()}));
    texts.forEach((a, j) => texts.slice(j + 1).forEach(b => {
      const across = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
      const down = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
      // A highlight drawn over its own cell with the same text is one label.
      if (across > 2 && down > 2 && a.text !== b.text)
        faults.push(`chart ${i}: "${a.text}" covers "${b.text}"`);
    }));
    const edge = plot.getBoundingClientRect();
    texts.filter(t => t.box.left < edge.left - 1 || t.box.right > edge.right + 1
                      || t.box.top < edge.top - 1 || t.box.bottom > edge.bottom + 1)
      .forEach(t => faults.push(`chart ${i}: "${t.text}" cut at the chart's edge`));
    plot.querySelectorAll('.updatemenu-button').forEach(button => {
      const box = button.getBoundingClientRect();
      if (box.width > 0 && (box.left < edge.left - 1 || box.right > edge.right + 1))
        faults.push(`chart ${i}: button "${button.textContent.trim()}" cut at the chart's edge`);
    });
    const height = edge.height;
    if (plot.querySelector('.slider-container') && height > window.innerHeight)
      faults.push(`chart ${i}: an animation ${Math.round(height)} px tall, the screen ${window.innerHeight}`);
  });
  const labels = '[data-testid="stWidgetLabel"] p, [data-testid="stButton"] p,'
      + ' [data-testid="stRadio"] label p, [data-testid="stMetricValue"] div,'
      + ' [data-testid="stMetricLabel"] p, [data-testid="stCheckbox"] p, .stMarkdownEllipsis';
  // A formula's box is as wide as the formula, less the 2 px its glyphs reach past it; it is cut when
  // the formula is wider than its element.
  document.querySelectorAll('.katex-display').forEach(e => {
    const room = e.closest('[data-testid="stElementContainer"]').clientWidth;
    if (onScreen(e) && e.scrollWidth > room + 3)
      faults.push(`formula cut: "${e.textContent.trim().slice(0, 40)}"`);
  });
  document.querySelectorAll(labels).forEach(e => {
    if (!onScreen(e)) return;
    const text = e.textContent.trim().slice(0, 40);
    if (e.scrollWidth > e.clientWidth + 1) faults.push(`cut: "${text}"`);
    const twoLines = e.getBoundingClientRect().height > 1.6 * parseFloat(getComputedStyle(e).lineHeight);
    if (oneLine && twoLines && e.closest('[data-testid="stWidgetLabel"]'))
      faults.push(`label on two lines: "${text}"`);
  });
  return faults;
}"""


def screen_faults(page, labels_on_one_line: bool = True) -> list[str]:
    """Every fault of the page already open, checked a screen at a time as a class scrolls through it
    (the app scrolls inside its main area), once its charts are drawn."""
    wait_for_app(page)
    page.wait_for_function(CHARTS_DRAWN, timeout=30_000)
    page.wait_for_timeout(300)  # plotly places its labels after the first draw
    found = []
    main = page.locator('[data-testid="stMain"]')
    height = main.evaluate("e => e.scrollHeight")
    for top in range(0, height, page.viewport_size["height"]):
        main.evaluate(f"e => e.scrollTo(0, {top})")
        found += page.evaluate(LAYOUT_FAULTS, labels_on_one_line)
    return sorted(set(found))
