"""i18npipe: Markdown articles to gettext catalogs and back, byte for byte."""

__version__ = "0.1.0"
