"""Yomitan dictionaries: reading their zips safely (archive, rows), rendering their
definitions (render), importing them (importer) and looking them up (store)."""
