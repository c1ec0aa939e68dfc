"""Text in, annotated sentences out: decoding, sentences, kana, numbers, MeCab tokens,
furigana, names and the pipeline that joins them, and the output formats.

Pure computation over strings: nothing here opens a database. The pipeline asks a
dictionary through the small protocol in lexicon.py, which dictionaries/ fulfils.
"""
