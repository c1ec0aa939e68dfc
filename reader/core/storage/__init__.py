"""The user's database (reader.sqlite): the connection and its lock, every migration set,
the word index, timestamps, daily backups, and atomic builds of the other databases."""
