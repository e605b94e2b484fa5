"""Values recorded from PyTorch and Keras (tests/fixtures/record_references.py), replayed."""

import json
from pathlib import Path

import numpy as np
import pytest

from pooling import PoolingError, global_pool1d, pool1d, pool1d_grad, pool2d, pool2d_grad

RECORDED = json.loads((Path(__file__).parent / "fixtures" / "reference_values.json").read_text())


def arguments(case):
    kernel = case["kernel_size"]
    kernel = tuple(kernel) if isinstance(kernel, list) else kernel
    settings = {k: tuple(v) if isinstance(v, list) else v for k, v in case["settings"].items()}
    return np.array(case["x"], dtype=float), kernel, settings


@pytest.mark.parametrize("case", RECORDED["torch"], ids=lambda c: f"{c['dims']}d-{c['op']}")
def test_matches_pytorch(case):
    x, kernel, settings = arguments(case)
    pool, grad = (pool1d, pool1d_grad) if case["dims"] == 1 else (pool2d, pool2d_grad)
    if "refused" in case:
        with pytest.raises(PoolingError):
            pool(x, kernel, op=case["op"], **settings)
        return
    if "indices" in case:
        out, indices = pool(x, kernel, op=case["op"], return_indices=True, **settings)
        assert indices.tolist() == case["indices"]
    else:
        out = pool(x, kernel, op=case["op"], **settings)
    np.testing.assert_allclose(out, np.array(case["out"], dtype=float), equal_nan=True)
    if "grad" in case:
        computed = grad(x, np.array(case["grad_out"]), kernel, op=case["op"], **settings)
        np.testing.assert_allclose(computed, np.array(case["grad"]), atol=1e-12)


@pytest.mark.parametrize("case", RECORDED["keras_same"], ids=lambda c: f"{c['dims']}d-{c['op']}")
def test_same_padding_matches_keras(case):
    x, kernel, settings = arguments(case)
    pool = pool1d if case["dims"] == 1 else pool2d
    np.testing.assert_allclose(pool(x, kernel, op=case["op"], **settings), case["out"], rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("case", RECORDED["keras_masked_global_avg"])
def test_masked_global_average_matches_keras(case):
    out = global_pool1d(np.array(case["x"]), "avg", mask=np.array(case["mask"]))
    np.testing.assert_allclose(out, case["out"], rtol=1e-6)
