"""What the global lesson asks before it shows: every answer is read from the numbers it is about to
show, and the right choice is never marked wrong."""

import numpy as np
import pytest

from pooling.lessons import experiments as ex
from pooling.lessons import predictions as pr


def answers(result) -> list[str]:
    return [p.answer for p in pr.predictions_for(result)]


def test_moving_the_object_inside_the_frame_changes_only_the_flattened_vector():
    assert answers(ex.translation(8, 12)) == ["yes", "no", "no"]
    assert answers(ex.translation(0, 0)) == ["no", "no", "no"]


def test_a_spike_moves_gmp_more_than_gap():
    assert answers(ex.outlier(9.0)) == ["GMP"]


def test_a_larger_square_grows_gap_but_not_gmp():
    assert answers(ex.presence(2, 12)) == ["stays the same", "grows"]
    assert answers(ex.presence(6, 6)) == ["stays the same", "stays the same"]


@pytest.mark.parametrize(("alpha", "cells", "bucket"), [(0.05, 1, "below 0.25"), (0.05, 16, "0.25 to 0.75"),
                                                       (0.2, 64, "above 0.75")])
def test_the_expected_max_bucket_follows_the_formula(alpha, cells, bucket):
    assert answers(ex.sparse(alpha, cells, trials=10)) == [bucket]


def test_global_max_sends_its_gradient_to_one_cell_and_global_average_to_all():
    assert answers(ex.gradients(3)) == ["one", "all 9"]


def test_each_map_is_asked_which_is_larger_and_by_how_much():
    asked = pr.map_predictions(["a", "b", "c"], [5.0, 2.0, 1.0], [13 / 7, 2.0, 0.05])
    assert [(p.topic, p.answer) for p in asked] == [
        ("a", "GMP"), ("a", "2× to 10×"), ("b", "equal"), ("b", "the same"), ("c", "GMP"), ("c", "over 10×")]


def test_a_map_whose_mean_is_not_positive_is_only_asked_which_is_larger():
    asked = pr.predictions_for(ex.pooled_sequence(np.array([[-3.0], [1.0]])))
    assert [p.question for p in asked] == ["Which is larger?"]
    assert asked[0].why == "GMP 1 vs GAP -1."


def test_new_numbers_give_new_keys_and_the_same_numbers_the_same_keys():
    first = pr.map_predictions(["a"], [2.0], [1.0])
    assert first == pr.map_predictions(["a"], [2.0], [1.0])
    assert first[0].key != pr.map_predictions(["a"], [3.0], [1.0])[0].key
    assert pr.predictions_for(ex.outlier(5.0))[0].key != pr.predictions_for(ex.outlier(6.0))[0].key


@pytest.mark.parametrize("result", [ex.translation(3, 4), ex.outlier(2.0), ex.presence(3, 9),
                                    ex.sparse(0.1, 8, trials=10), ex.gradients(5),
                                    ex.pooled(ex.translation(0, 0).before)])
def test_the_answer_is_always_an_option_marked_right_and_every_other_option_wrong(result):
    for prediction in pr.predictions_for(result):
        assert prediction.answer in prediction.options
        assert [prediction.right(o) for o in prediction.options].count(True) == 1
        assert not prediction.right(None)
