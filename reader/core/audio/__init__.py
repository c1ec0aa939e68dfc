"""Speech and estimated pitch accent, offline (issue 14).

speech.py is the API the window and the command line use: the voices, one call to turn
text into 16-bit PCM, and the cleaning that keeps bad input from reaching the engine.
openjtalk.py loads the Open JTalk binding (pyopenjtalk-plus, whose wheel ships the
NAIST-jdic dictionary and the Mei voice) and never lets it download anything.
accent.py reads accent types and accent-phrase boundaries from Open JTalk's analysis.
"""
