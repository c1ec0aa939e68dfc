"""The learner's words: their status (the one rule), saved words, coverage, word lists,
review (FSRS) and the Anki export."""
