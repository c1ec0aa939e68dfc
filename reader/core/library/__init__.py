"""Articles: the bundled ones, the user's imported ones (and the importers that read
their files), and where the reader is in each."""
