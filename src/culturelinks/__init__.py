"""culturelinks: a trilingual (az/ru/en) chronology of Russian–Azerbaijani cultural relations, built by Pelican."""

__version__ = "0.1.0"
