"""The organisation's emblem (ครุฑ) image, or the clearly marked placeholder docgen ships
until an office supplies its own."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PLACEHOLDER = "placeholder"


def placeholder_path() -> Path:
    """The shipped placeholder image (a red 'EMBLEM PLACEHOLDER' box)."""
    return Path(str(files("docgen") / "assets" / "emblem-placeholder.png"))


def is_placeholder(emblem: str) -> bool:
    """True while a profile names no emblem of its own."""
    return emblem.strip().lower() == PLACEHOLDER


def emblem_path(emblem: str, profile_dir: Path) -> Path:
    """The image file a profile's ``emblem`` value stands for."""
    return placeholder_path() if is_placeholder(emblem) else profile_dir / emblem
