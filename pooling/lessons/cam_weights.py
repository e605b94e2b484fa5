"""The trained weights the CAM lesson opens with, and the script that makes them.

``python -m pooling.lessons.cam_weights`` trains the three heads with the default configuration
(fixed seeds), measures them on held-out pictures (from another seed than the training ones) and
writes weights and measured table to ``cam_weights.npz`` next to this file, so that the lesson opens
without computing either; ``--check`` retrains and says whether the shipped weights are reproduced
bit for bit.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

import numpy as np

from .cam import HeadScore, evaluate
from .links import Setting, choice, whole
from .network import DEFAULT, HEADS, Network, TrainingConfig, train_heads
from .shapes_data import CLASSES, Shapes, shapes

__all__ = ["HELD_OUT_SEED", "HELD_OUT_SIZE", "LINK", "SOURCES", "WEIGHTS", "held_out", "load_networks",
           "load_table", "measured_table", "save_networks", "trained_networks"]

WEIGHTS = Path(__file__).with_name("cam_weights.npz")
HELD_OUT_SEED = 2016
HELD_OUT_SIZE = 512


def held_out(size: int = HELD_OUT_SIZE) -> Shapes:
    """Pictures no network trained on, for the measured table."""
    return shapes(size, seed=HELD_OUT_SEED)


BLAS_KERNELS = "Haswell"
"""OpenBLAS's kernels the shipped weights were made with. Others (the AVX-512 ones a newer processor
gets) add up a product in another order, so the script pins these to reproduce the file bit for bit."""


def trained_networks(config: TrainingConfig = DEFAULT, on_progress=None, heads=HEADS) -> dict[str, Network]:
    """The three heads (or those in ``heads``) trained on ``config.train_size`` pictures from
    ``config.seed``."""
    data = shapes(config.train_size, seed=config.seed)
    return train_heads(config, data.images, data.labels, len(CLASSES), on_progress, heads)


def measured_table(networks: dict[str, Network]) -> list[HeadScore]:
    """The networks' accuracy and localization on the `held_out` pictures."""
    data = held_out()
    return evaluate(networks, data.images, data.labels, data.boxes)


TABLE_FIELDS = ("parameters", "head_parameters", "accuracy", "mean_iou", "good_boxes")
NOT_WEIGHTS = ("history", "layers", "table")


def save_networks(networks: dict[str, Network], target, table: list[HeadScore] = ()) -> None:
    """Write weights, layer lists, training curves and the measured table (if given) to an ``.npz``
    file (a path or a binary file)."""
    arrays = {}
    for head, network in networks.items():
        arrays |= {f"{head}/{name}": value for name, value in network.params.items()}
        arrays[f"{head}/history"] = network.history
        arrays[f"{head}/layers"] = np.array([str(layer) for layer in network.layers])
    for row in table:
        arrays[f"{row.head}/table"] = np.array([getattr(row, field) for field in TABLE_FIELDS], dtype=float)
    np.savez_compressed(target, **arrays)


def load_table(source=WEIGHTS) -> list[HeadScore]:
    """The measured table `save_networks` wrote."""
    with np.load(source) as stored:
        rows = [stored[f"{head}/table"] for head in HEADS]
    return [HeadScore(head, int(row[0]), int(row[1]), *(float(v) for v in row[2:]))
            for head, row in zip(HEADS, rows)]


def load_networks(source=WEIGHTS) -> dict[str, Network]:
    """The networks `save_networks` wrote (the heads it was given)."""
    with np.load(source) as stored:
        networks = {}
        for head in (head for head in HEADS if f"{head}/layers" in stored.files):
            prefix = f"{head}/"
            params = {key[len(prefix):]: stored[key] for key in stored.files
                      if key.startswith(prefix) and key[len(prefix):] not in NOT_WEIGHTS}
            layers = tuple(int(v) if v.isdigit() else str(v) for v in stored[f"{prefix}layers"])
            networks[head] = Network(head, params, layers, stored[f"{prefix}history"])
    return networks


def identical(a: dict[str, Network], b: dict[str, Network], heads=HEADS) -> bool:
    """Whether two sets of networks hold the same layers, weights and curves, bit for bit."""
    return all(
        a[h].layers == b[h].layers and a[h].params.keys() == b[h].params.keys()
        and all(np.array_equal(a[h].params[k], b[h].params[k]) for k in a[h].params)
        and np.array_equal(a[h].history, b[h].history)
        for h in heads
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="retrain and compare with the shipped file")
    parser.add_argument("--head", choices=HEADS, action="append",
                        help="with --check: retrain and compare only this head (repeatable)")
    args = parser.parse_args(argv)
    if os.environ.get("OPENBLAS_CORETYPE") != BLAS_KERNELS:  # numpy reads it when it loads: start again
        command = [sys.executable, "-m", __spec__.name, *(sys.argv[1:] if argv is None else argv)]
        os.execve(sys.executable, command, {**os.environ, "OPENBLAS_CORETYPE": BLAS_KERNELS})
    if args.check:
        heads = tuple(args.head or HEADS)
        buffer = io.BytesIO()
        save_networks(trained_networks(heads=heads), buffer)
        buffer.seek(0)
        same = identical(load_networks(buffer), load_networks(), heads)
        verdict = "reproduced bit for bit" if same else "NOT reproduced"
        print(f"{WEIGHTS.name} ({', '.join(heads)}) is {verdict}")
        return 0 if same else 1
    networks = trained_networks()
    save_networks(networks, WEIGHTS, measured_table(networks))
    print(f"wrote {WEIGHTS} ({WEIGHTS.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())


SOURCES = ("a generated picture", "your own image")
LINK = [  # what the class activation map lesson keeps in its link
    Setting("src", "cam_source", SOURCES[0], choice(SOURCES, dict(zip(SOURCES, ("generated", "upload")))),
            write=dict(zip(SOURCES, ("generated", "upload"))).get),
    Setting("picture", "cam_picture", 3, whole(0, HELD_OUT_SIZE - 1)),
    Setting("size", "cam_size", "default", choice(["default", "quick"])),
]
