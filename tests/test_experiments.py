"""The numbers behind the global pooling lesson's experiments and parameter counter."""

import numpy as np
import pytest

from pooling import InputError, global_pool1d, global_pool2d
from pooling.lessons import sentences
from pooling.lessons.experiments import (
    expected_max,
    global_gradients,
    gradients,
    head_parameters,
    outlier,
    pooled_sequence,
    presence,
    sparse,
    translation,
    translation_range,
)


def test_moving_the_object_inside_the_frame_keeps_gmp_and_gap_and_changes_the_flattened_vector():
    down, right = translation_range()
    moved = translation(down, right)
    np.testing.assert_allclose(global_pool2d(moved.after, "avg"), global_pool2d(moved.before, "avg"))
    np.testing.assert_array_equal(global_pool2d(moved.after, "max"), global_pool2d(moved.before, "max"))
    assert moved.changes["GMP"] == pytest.approx(0, abs=1e-12)
    assert moved.changes["GAP"] == pytest.approx(0, abs=1e-12)
    assert moved.changes["flattened"] == pytest.approx(np.sqrt(2))
    assert "by 141% of its length" in moved.takeaway


def test_no_move_changes_nothing_and_a_move_out_of_the_frame_is_refused():
    assert translation(0, 0).changes == {"flattened": 0, "GMP": 0, "GAP": 0}
    with pytest.raises(InputError, match="shift right must be between 0 and 21"):
        translation(0, 22)


def test_one_spike_sets_gmp_and_moves_gap_by_its_share_of_the_cells():
    base, spiked = outlier(0.5), outlier(10.0)
    assert spiked.gmp[1] == 10.0
    cells = spiked.before.size
    centre = spiked.before[6, 6]
    assert spiked.gap[1] - spiked.gap[0] == pytest.approx((10.0 - centre) / cells)
    assert spiked.gap[1] - base.gap[1] == pytest.approx(9.5 / cells)
    assert "moved GMP from 0.50 to 10.00" in spiked.takeaway


def test_gmp_says_present_for_any_size_while_gap_grows_with_the_area():
    p = presence(2, 12)
    assert p.gmp == (1.0, 1.0)
    assert p.gap == pytest.approx((4 / 576, 144 / 576))
    assert "36.0 times" in p.takeaway
    with pytest.raises(InputError, match="square side must be between 1 and 24"):
        presence(0, 5)


def test_boureau_formula_and_its_seeded_simulation_agree():
    s = sparse(0.05, 16)
    assert expected_max(0.05, 16) == pytest.approx(0.56, abs=0.005)
    assert s.simulated_max[15] == pytest.approx(s.formula_max[15], abs=0.03)
    assert s.simulated_avg[15] == pytest.approx(0.05, abs=0.01)
    np.testing.assert_allclose(s.simulated_max, s.formula_max, atol=0.04)
    assert "= 0.56" in s.takeaway


@pytest.mark.parametrize(("alpha", "cells", "match"), [(0, 4, "alpha"), (1, 4, "alpha"), (0.1, 0, "P must")])
def test_sparse_refuses_settings_outside_the_model(alpha, cells, match):
    with pytest.raises(InputError, match=match):
        sparse(alpha, cells)


def test_global_max_sends_the_gradient_to_one_cell_and_average_spreads_it():
    g = gradients(5)
    assert g.grads["max"].sum() == 1 and np.count_nonzero(g.grads["max"]) == 1
    assert g.grads["max"].flat[np.argmax(g.x)] == 1
    np.testing.assert_allclose(g.grads["avg"], 1 / 25)
    assert "1/25 = 0.0400" in g.takeaway


def test_a_tied_global_max_routes_the_gradient_to_the_first_cell():
    np.testing.assert_array_equal(global_gradients(np.array([[0.0, 2.0], [2.0, 1.0]]))["max"],
                                  [[0, 1], [0, 0]])


def test_parameter_counts_of_the_three_heads():
    vgg = head_parameters(7, 7, 512, 4096)
    assert vgg.flatten_dense == 7 * 7 * 512 * 4096 + 4096 == 102_764_544
    imagenet = head_parameters(7, 7, 512, 1000)
    assert (imagenet.flatten_dense, imagenet.gap_dense, imagenet.gap_only) == (25_089_000, 513_000, None)
    assert head_parameters(8, 8, 10, 10).gap_only == 0
    assert "25,089,000" in imagenet.takeaway and "513,000" in imagenet.takeaway


@pytest.mark.parametrize("bad", [0, -3, 2.5, True])
def test_parameter_counter_refuses_what_is_not_a_positive_whole_number(bad):
    with pytest.raises(InputError, match="C must be a whole number of at least 1"):
        head_parameters(7, 7, bad, 10)


def test_pooling_the_sentence_over_time_keeps_each_features_strongest_word():
    seq = pooled_sequence(sentences.SCORES, sentences.SENTENCE_FEATURES, sentences.WORDS)
    assert seq.gmp.tolist() == global_pool1d(sentences.SCORES, "max").tolist() == [0.9, 0.6, 0.9]
    np.testing.assert_allclose(seq.gap, [0.25, 0.15, 1 / 6])
    assert [sentences.WORDS[step] for step in seq.strongest] == ["good", "not", "not"]
    assert "**negation** (max 0.9 vs mean 0.167)" in seq.takeaway
    assert 'strongest word, here "not" (step 3)' in seq.takeaway
    assert "(6, 3) → (3,)" in seq.takeaway


def test_a_typed_sequence_gets_numbered_features_and_too_many_features_are_refused():
    seq = pooled_sequence([-1.0, 2.0, 5.0, 5.0])
    assert seq.features == ("feature 0",) and seq.words is None
    assert seq.gmp.tolist() == [5.0] and seq.strongest.tolist() == [2]
    assert "strongest step, here step 2" in seq.takeaway
    assert "max and mean agree" in pooled_sequence([[1, 2], [1, 2]]).takeaway
    with pytest.raises(InputError, match="at most 12 numbers on a line"):
        pooled_sequence(np.ones((2, 13)))
