"""Translation: model packages and the CTranslate2 engine with its cache, the
translator's drafts and glossary, and exporting a translation."""
