"""Speech on the command line: `reader say TEXT [-o FILE.wav] [--voice V] [--rate R]` (issue 14).

With -o the speech is written as a WAV file; without, it is played through the first
audio player found (aplay, paplay, pw-play, afplay; on Windows the system's own), or the
command says to use -o when there is none.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from reader.cli import console
from reader.core.errors import InputError, ReaderError

#: Players tried in order, each with the arguments that play one WAV file quietly.
PLAYERS = (("aplay", "-q"), ("paplay",), ("pw-play",), ("afplay",))


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "say",
        help="speak Japanese text offline (Open JTalk), or write it as a WAV file",
        description="Speak TEXT with an offline voice. With -o the speech is written to a WAV "
        "file, else played. TEXT `-` reads standard input. `reader say --voices` lists the voices.",
    )
    p.add_argument("text", nargs="?", metavar="TEXT", help="what to say; - for standard input")
    p.add_argument("-o", "--output", type=Path, metavar="FILE.wav", help="write a WAV file instead of playing")
    p.add_argument("--voice", default="openjtalk", help="the voice (default: openjtalk)")
    p.add_argument("--rate", type=float, default=1.0, help="speed, 1.0 normal (0.25 to 4)")
    p.add_argument("--volume", type=float, default=1.0, help="volume, 1.0 as the voice speaks (0 to 2)")
    p.add_argument("--voices", action="store_true", help="list the voices that can speak, then stop")
    p.set_defaults(func=cmd_say)


def cmd_say(args: argparse.Namespace) -> int:
    from reader.core.audio import speech

    if args.voices:
        voices = speech.available_voices()
        if not voices:
            raise speech.SpeechUnavailable("no voice can speak here")
        out = console.stdout()
        for info in voices:
            out.write(f"{info.id}\t{info.name}\t{info.engine}\n")
        return 0
    if args.text is None:
        raise InputError("nothing to say", "give the text: reader say 今日は")
    text = console.read_input("-")[0] if args.text == "-" else args.text
    if not speech.speakable(text):
        raise InputError("nothing to say in this text", "give Japanese text (emoji and symbols are not spoken)")
    if args.output is not None and args.output.suffix.lower() != ".wav":
        raise InputError(f"{args.output.name} is not a .wav file name", "end the file name in .wav")
    speech.voice_named(args.voice)  # no voice: say so before anything else
    if args.output is not None:
        audio = speech.synthesize(text, voice=args.voice, rate=args.rate, volume=args.volume)
        _write(args.output, audio.to_wav_bytes())
        print(f"reader: wrote {args.output} ({audio.duration_s:.1f} s)", file=sys.stderr)
        return 0
    pieces = speech.synthesize_chunks(text, voice=args.voice, rate=args.rate, volume=args.volume)
    _play(audio.to_wav_bytes() for _, audio in pieces)
    return 0


def _write(dest: Path, data: bytes) -> None:
    from reader.core.storage.atomic import replacing

    if dest.is_dir():
        raise InputError(f"{dest} is a folder", "give a file name ending in .wav")
    with replacing(dest) as tmp:
        tmp.write_bytes(data)


def player() -> list[str] | None:
    """The command line that plays a WAV file here, without the file; None when none."""
    for name, *options in PLAYERS:
        found = shutil.which(name)
        if found:
            return [found, *options]
    return None


def _play(wavs: Iterator[bytes]) -> None:
    """Plays each WAV in turn as it comes, the next one made while one plays."""
    if sys.platform == "win32":
        import winsound

        for wav in wavs:
            winsound.PlaySound(wav, winsound.SND_MEMORY)
        return
    command = player()
    if command is None:
        raise ReaderError("no audio player was found", "write the speech to a file: reader say TEXT -o speech.wav")
    with tempfile.TemporaryDirectory(prefix="reader-say-") as folder:
        playing: subprocess.Popen[bytes] | None = None
        try:
            for n, wav in enumerate(wavs):
                path = Path(folder) / f"speech-{n}.wav"
                path.write_bytes(wav)
                _wait(playing, command)
                playing = subprocess.Popen([*command, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            _wait(playing, command)
        finally:
            if playing is not None and playing.poll() is None:
                playing.kill()
                playing.wait()


def _wait(playing: subprocess.Popen[bytes] | None, command: list[str]) -> None:
    if playing is None:
        return
    _, err = playing.communicate()
    if playing.returncode != 0:
        why = err.decode("utf-8", "replace").strip().splitlines()
        raise ReaderError(
            f"{Path(command[0]).name} could not play the speech ({why[-1] if why else playing.returncode})",
            "write it to a file instead: reader say TEXT -o speech.wav",
        )


def anki_audio(words: bool, sentences: bool) -> tuple[Callable[[str, str], bytes | None] | None, Callable[[str], bytes | None] | None]:
    """The audio makers `reader vocab export --audio [--sentence-audio]` hands the Anki
    export (which knows nothing of speech); fails at once, with advice, when no voice can
    speak."""
    if not (words or sentences):
        return None, None
    from reader.core.audio import speech

    speech.voice_named(speech.DEFAULT_VOICE)  # SpeechUnavailable now, not half-way

    def word_audio(word: str, reading: str) -> bytes | None:
        audio = speech.synthesize_word(word, reading)
        return audio.to_wav_bytes() if audio.frames else None

    def sentence_audio(sentence: str) -> bytes | None:
        audio = speech.synthesize(sentence)
        return audio.to_wav_bytes() if audio.frames else None

    return word_audio, (sentence_audio if sentences else None)
