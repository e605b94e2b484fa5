"""The two kinds of mistake the core reports: bad pooling settings and bad user input."""


class PoolingError(ValueError):
    """A pooling setting that PyTorch or Keras would refuse.

    The message names the argument, the value received and what is allowed, e.g.
    ``padding 3 is more than half of kernel_size 5 (at most 2)``.
    """


class InputError(ValueError):
    """Numbers or an image from a person that cannot be used, with how to fix them."""
