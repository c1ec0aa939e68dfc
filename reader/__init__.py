"""reader: an offline, bilingual reading assistant for Japanese."""

__version__ = "0.1.0"
