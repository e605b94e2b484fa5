"""The CAM lesson's network, maps and boxes: gradients checked numerically, training, CAM, IoU, weights."""

import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from pooling import global_pool2d, pool2d
from pooling.lessons import cam
from pooling.lessons import network as nw
from pooling.lessons.cam_weights import (
    WEIGHTS,
    held_out,
    identical,
    load_networks,
    load_table,
    measured_table,
    save_networks,
)
from pooling.lessons.shapes_data import CLASSES, SIDE, bounding_boxes, shapes

ROOT = Path(__file__).resolve().parent.parent
TINY_LAYERS = (2, nw.POOL, 3, 3)


def numerical_gradient(f, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """d f / d x by central differences, one entry at a time."""
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        keep = x[i]
        x[i] = keep + eps
        up = f()
        x[i] = keep - eps
        down = f()
        x[i] = keep
        grad[i] = (up - down) / (2 * eps)
    return grad


def distinct_values(rng, shape) -> np.ndarray:
    """Random values far apart enough that no max changes hands within a finite-difference step."""
    return rng.permutation(np.prod(shape)).reshape(shape) / np.prod(shape) + 0.01


def test_conv3x3_gradients_match_finite_differences():
    rng = np.random.default_rng(0)
    x, w, b = rng.normal(size=(2, 5, 4, 3)), rng.normal(size=(3, 3, 3, 2)), rng.normal(size=2)
    weights_out = rng.normal(size=(2, 5, 4, 2))

    def loss():
        return float((nw.conv3x3(x, w, b)[0] * weights_out).sum())

    _, patches = nw.conv3x3(x, w, b)
    dx, dw, db = nw.conv3x3_grad(x.shape, patches, w, weights_out)
    for analytic, variable in ((dx, x), (dw, w), (db, b)):
        np.testing.assert_allclose(analytic, numerical_gradient(loss, variable), rtol=1e-6, atol=1e-8)


def test_conv3x3_is_cross_correlation_with_zero_padding():
    x = np.zeros((1, 3, 3, 1))
    x[0, 1, 1, 0] = 1
    w = np.arange(9.0).reshape(3, 3, 1, 1)
    out, _ = nw.conv3x3(x, w, np.zeros(1))
    assert out[0, :, :, 0].tolist() == w[::-1, ::-1, 0, 0].tolist()


@pytest.mark.parametrize("op", ["avg", "max"])
def test_global_pool_and_its_gradient_match_finite_differences(op):
    x = distinct_values(np.random.default_rng(1), (3, 4, 5, 2))
    weights_out = np.random.default_rng(2).normal(size=(3, 2))
    assert np.allclose(nw.global_pool(x, op), [global_pool2d(image, op) for image in x])

    def loss():
        return float((nw.global_pool(x, op) * weights_out).sum())

    np.testing.assert_allclose(nw.global_pool_grad(x, weights_out, op), numerical_gradient(loss, x),
                               atol=1e-8)


def test_max_pool2x2_and_its_gradient_match_finite_differences():
    x = distinct_values(np.random.default_rng(3), (2, 4, 6, 3))
    weights_out = np.random.default_rng(4).normal(size=(2, 2, 3, 3))
    assert np.array_equal(nw.max_pool2x2(x), [pool2d(image, 2) for image in x])

    def loss():
        return float((nw.max_pool2x2(x) * weights_out).sum())

    np.testing.assert_allclose(nw.max_pool2x2_grad(x, weights_out), numerical_gradient(loss, x), atol=1e-8)


def test_global_max_gradient_goes_to_the_first_max_as_pytorch():
    x = np.zeros((1, 2, 2, 1))
    x[0, 0, 1, 0] = x[0, 1, 0, 0] = 5
    grad = nw.global_pool_grad(x, np.ones((1, 1)), "max")
    assert grad[0, :, :, 0].tolist() == [[0, 1], [0, 0]]


def test_cross_entropy_gradient_matches_finite_differences():
    rng = np.random.default_rng(5)
    logits, labels = rng.normal(size=(4, 3)), np.array([0, 2, 1, 2])
    _, grad = nw.cross_entropy(logits, labels)
    np.testing.assert_allclose(grad, numerical_gradient(lambda: nw.cross_entropy(logits, labels)[0], logits),
                               atol=1e-8)


@pytest.mark.parametrize("head", nw.HEADS)
def test_every_parameter_gradient_of_every_head_matches_finite_differences(head):
    network = nw.initial_network(head, TINY_LAYERS, 3, 8, seed=6)
    for value in network.params.values():  # biases away from 0, so that ReLUs are not all off
        value += np.random.default_rng(7).normal(0, 0.1, value.shape)
    images = np.random.default_rng(8).uniform(size=(2, 8, 8))
    labels = np.array([0, 2])

    def loss():
        return nw.cross_entropy(nw.forward(network, images)[0], labels)[0]

    scores, cache = nw.forward(network, images)
    grads = nw.gradients(network, cache, nw.cross_entropy(scores, labels)[1])
    assert grads.keys() == network.params.keys()
    for name, value in network.params.items():
        np.testing.assert_allclose(grads[name], numerical_gradient(loss, value), rtol=1e-5, atol=1e-8,
                                   err_msg=name)


def test_training_on_a_tiny_set_reduces_the_loss_and_reports_progress():
    data = shapes(32, seed=9)
    config = nw.TrainingConfig(train_size=32, epochs=4, batch_size=8, layers=TINY_LAYERS, reports_per_epoch=2)
    reports = []
    network = nw.initial_network("gap", config.layers, len(CLASSES), SIDE, config.seed)
    before = nw.cross_entropy(nw.forward(network, data.images)[0], data.labels)[0]
    nw.train(network, data.images, data.labels, config, reports.append)
    after = nw.cross_entropy(nw.forward(network, data.images)[0], data.labels)[0]
    assert after < before
    assert [r.step for r in reports] == [2, 4, 6, 8, 10, 12, 14, 16]
    assert network.history.shape == (8, 3)


def test_the_cam_of_a_network_whose_dense_weights_pick_one_map_is_that_map():
    network = nw.initial_network("gap", TINY_LAYERS, 3, 8, seed=10)
    network.params["dense_w"][:] = 0
    network.params["dense_w"][1, 2] = 1  # class 2 reads feature map 1 only
    images = np.random.default_rng(11).uniform(size=(2, 8, 8))
    maps, _ = nw.features(network, images)
    assert np.array_equal(cam.class_maps(network, maps, np.array([2, 2])), maps[..., 1])
    assert np.allclose(cam.upsample(maps[..., 1], 4), maps[..., 1])


def test_the_mean_of_the_gap_cam_is_the_class_score_without_its_bias():
    network = nw.initial_network("gap", TINY_LAYERS, 3, 8, seed=12)
    images = np.random.default_rng(13).uniform(size=(3, 8, 8))
    maps, _ = nw.features(network, images)
    classes = np.array([0, 1, 2])
    score = nw.scores(network, maps)[np.arange(3), classes] - network.params["dense_b"][classes]
    assert np.allclose(cam.class_maps(network, maps, classes).mean(axis=(1, 2)), score)


def test_upsampling_keeps_a_constant_and_averages_neighbours():
    maps = np.array([[[1.0, 3.0], [1.0, 3.0]]])
    up = cam.upsample(maps, 4)
    assert up[0, 0].tolist() == [1.0, 1.5, 2.5, 3.0]
    assert np.allclose(cam.upsample(np.full((1, 3, 3), 2.0), 32), 2.0)


def test_the_box_bounds_the_largest_region_above_a_fifth_of_the_max():
    heat = np.zeros((3, 10, 10))
    heat[0, 2:6, 3:8] = 1.0       # the largest region
    heat[0, 8, 8] = 5.0           # the peak, alone
    heat[0, 0, 0] = 0.9
    heat[1] = -1                  # nothing positive: the whole picture
    heat[2] = 1
    heat[2, 1:9, 1:9] = 0         # a ring around an empty middle is one region
    heat[2, 4, 4] = 1             # an island inside it, another
    assert cam.boxes_from_maps(heat).tolist() == [[2, 3, 6, 8], [0, 0, 10, 10], [0, 0, 10, 10]]
    assert cam.boxes_from_maps(heat[:1], fraction=0.5).tolist() == [[8, 8, 9, 9]]


def test_iou_of_boxes():
    box = np.array([0, 0, 4, 4])
    assert cam.iou(box, box) == 1
    assert cam.iou(box, np.array([4, 4, 6, 6])) == 0
    assert cam.iou(box, np.array([0, 0, 2, 4])) == 0.5


def test_generated_pictures_are_seeded_balanced_and_boxed():
    a, b = shapes(40, seed=14), shapes(40, seed=14)
    assert np.array_equal(a.images, b.images) and np.array_equal(a.boxes, b.boxes)
    assert not np.array_equal(a.images, shapes(40, seed=15).images)
    assert np.bincount(a.labels).tolist() == [10] * len(CLASSES)
    assert a.images.min() >= 0 and a.images.max() <= 1
    height, width = a.boxes[:, 2] - a.boxes[:, 0], a.boxes[:, 3] - a.boxes[:, 1]
    assert (height >= 5).all() and (width >= 5).all() and (a.boxes[:, 2:] <= SIDE).all()
    assert bounding_boxes(np.zeros((1, 4, 4), dtype=bool)).tolist() == [[0, 0, 0, 0]]


def test_the_takeaway_follows_the_table():
    def row(head, iou_value, accuracy=0.9):
        return cam.HeadScore(head, 100, 10, accuracy, iou_value, 0.5)

    assert "GAP's maps cover the shapes better" in cam.takeaway([row("gap", 0.6), row("gmp", 0.3)])
    assert "GMP's maps localize the shapes better" in cam.takeaway([row("gap", 0.3), row("gmp", 0.6)])
    assert "as well as GAP's" in cam.takeaway([row("gap", 0.5), row("gmp", 0.51)])
    assert "have not learned the shapes yet" in cam.takeaway([row("gap", 0.6), row("gmp", 0.3, accuracy=0.3)])


def test_saved_networks_load_back_identical():
    networks = {head: nw.initial_network(head, TINY_LAYERS, 3, 8, seed=16) for head in nw.HEADS}
    buffer = io.BytesIO()
    save_networks(networks, buffer)
    buffer.seek(0)
    assert identical(load_networks(buffer), networks)


def test_the_shipped_weights_are_small_and_classify_held_out_pictures():
    assert WEIGHTS.stat().st_size < 1_000_000
    data = held_out(128)
    for network in load_networks().values():
        assert (nw.predict(network, data.images).argmax(axis=1) == data.labels).mean() > 0.8


def test_the_shipped_table_is_what_the_shipped_networks_measure():
    stored, measured = load_table(), measured_table(load_networks())
    assert [(r.head, r.parameters, r.head_parameters) for r in stored] == [
        (r.head, r.parameters, r.head_parameters) for r in measured]
    for row, again in zip(stored, measured):
        assert (row.accuracy, row.mean_iou, row.good_boxes) == pytest.approx(
            (again.accuracy, again.mean_iou, again.good_boxes))


def test_the_shipped_weights_reproduce_from_the_script_bit_for_bit():
    """Retrains the GAP head with the script, as a reader would check it (the others train the same
    way from their own seeds): about 40 s of one core."""
    check = subprocess.run([sys.executable, "-m", "pooling.lessons.cam_weights", "--check", "--head", "gap"],
                           cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "(gap) is reproduced bit for bit" in check.stdout
