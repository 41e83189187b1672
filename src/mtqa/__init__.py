"""mtqa: machine-translation quality assurance.

Align a translation with its source sentence by sentence, flag problems with character spans on
both sides, and score the result without a reference. Importing this package is cheap: models
load lazily, once per process, when a check first needs them.
"""

__version__ = "0.1.0"

__all__ = ["__version__", "check_files", "check_texts"]


def __getattr__(name: str):
    # Lazy re-exports keep ``import mtqa`` free of numpy and the encoder.
    if name in ("check_files", "check_texts"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
