"""docgen: Thai government ITA documents from records entered once."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("docgen")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
