"""The thin Qt layer: windows, views, models and workers. No linguistics in here."""
