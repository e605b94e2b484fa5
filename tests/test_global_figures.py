"""What the global pooling figures show: the marked cells, the labels and the numbers on the bars."""

import numpy as np

from pooling.charts import bars as bar_charts
from pooling.charts import maps as map_charts
from pooling.lessons.experiments import gradients, head_parameters, pooled, pooled_sequence
from pooling.lessons.feature_maps import MAP_FEATURES


def test_a_feature_map_picture_runs_from_the_darkest_colour_at_0_to_the_brightest_at_its_max():
    values = np.array([[0.0, 1.0], [2.0, 4.0]])
    picture = map_charts.map_picture(values)
    assert picture.shape == (2, 2, 3) and picture.dtype == np.uint8
    darkest, brightest = map_charts.map_picture(np.array([[0.0, 1.0]]))[0].tolist()
    assert picture[0, 0].tolist() == darkest and picture[1, 1].tolist() == brightest
    light = picture.astype(int).sum(axis=2)
    assert light[0, 0] < light[0, 1] < light[1, 0] < light[1, 1]  # brighter with the value
    assert map_charts.map_picture(np.zeros((3, 3)))[1, 1].tolist() == darkest  # an empty map


def test_the_pooled_bars_carry_both_vectors_and_the_shapes():
    result = pooled(np.arange(24, dtype=float).reshape(2, 3, 4))
    fig = bar_charts.pooled_bars(result, MAP_FEATURES)
    assert [list(bar.x) for bar in fig.data] == [[20, 21, 22, 23], [10, 11, 12, 13]]
    assert "(2, 3, 4)<br>→ (4,)" in fig.layout.annotations[0].text


def test_the_sequence_heatmap_has_a_row_per_feature_word_labels_and_framed_maxima():
    seq = pooled_sequence([[0.1, -2.0], [0.9, 0.5], [0.3, 0.5]], ("up", "down"), ("a", "b", "c"))
    fig = map_charts.sequence_heatmap(seq)
    heat, = fig.data
    assert np.shape(heat.z) == (2, 3) and heat.zmin == -2.0
    assert [list(row) for row in heat.text] == [["0.1", "0.9", "0.3"], ["-2", "0.5", "0.5"]]
    assert list(fig.layout.xaxis.ticktext) == ["a", "b", "c"]
    assert list(fig.layout.yaxis.ticktext) == ["up", "down"]
    assert [(s.y0 + 0.5, s.x0 + 0.5) for s in fig.layout.shapes] == [(0, 1), (1, 1)]
    bars = bar_charts.pooled_bars(seq, seq.features)
    assert [list(bar.x) for bar in bars.data] == [[0.9, 0.5], [seq.gap[0], seq.gap[1]]]
    assert "(3, 2)<br>→ (2,)" in bars.layout.annotations[0].text


def test_the_gradient_figure_writes_the_share_of_every_cell():
    flow = gradients(3)
    fig = map_charts.gradient_figure(flow.x, flow.grads)
    assert [list(row) for row in fig.data[2].text] == [["1/9"] * 3] * 3
    assert [label for row in fig.data[1].text for label in row].count("1") == 1


def test_the_parameter_bars_show_exact_counts_and_gap_alone_only_when_c_equals_k():
    assert list(bar_charts.parameters_figure(head_parameters(7, 7, 512, 1000)).data[0].text) == [
        "513,000", "25,089,000"]
    assert list(bar_charts.parameters_figure(head_parameters(2, 2, 10, 10)).data[0].text) == [
        "0", "110", "410"]
