"""disclosure-cli: check and compile the statistical tables of China's annual disclosure reports."""

__version__ = "0.1.0"
