"""Dictionaries: the built JMdict/JMnedict/KANJIDIC2 database, example sentences, JLPT
levels, pitch accent, what the popup shows of a word, and imported Yomitan dictionaries."""
