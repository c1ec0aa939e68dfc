"""The installed application itself: its credits (every data licence) and its desktop
integration (launcher, icons). Above every other domain; nothing imports it but the
shells (cli, qt)."""
