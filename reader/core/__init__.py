"""The Qt-free core of reader: text in, annotated sentences out.

Nothing under ``reader.core`` may import PySide6; a test enforces it.
"""
