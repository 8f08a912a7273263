"""Audio: each section of a Document read aloud by espeak-ng and encoded as Ogg/Opus
(opus-tools), delivered as one ZIP of numbered files with an M3U playlist.

Only languages for which espeak-ng has a voice get audio (``voice_for``); the page says so.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from functools import cache

from django.utils.text import slugify

from ..document import Document
from .linear import sections

# Django language code (first part) -> espeak-ng voice. espeak-ng has no Somali voice.
VOICES = {
    "en": "en-gb",
    "cy": "cy",
    "ar": "ar",
    "bn": "bn",
    "zh": "cmn",
    "gu": "gu",
    "hi": "hi",
    "pl": "pl",
    "pa": "pa",
    "ur": "ur",
}


class AudioUnavailable(RuntimeError):
    pass


@cache
def installed_voices() -> frozenset[str]:
    program = shutil.which("espeak-ng")
    if program is None:
        return frozenset()
    out = subprocess.run(  # noqa: S603 (fixed arguments)
        [program, "--voices"], capture_output=True, check=False, timeout=30
    ).stdout.decode("utf-8", errors="replace")
    return frozenset(line.split()[1] for line in out.splitlines()[1:] if len(line.split()) > 1)


def voice_for(language: str) -> str | None:
    voice = VOICES.get(language.split("-")[0].lower())
    return voice if voice in installed_voices() else None


def languages_with_audio(languages) -> list[tuple[str, str]]:
    return [(code, name) for code, name in languages if voice_for(code)]


def speak(text: str, voice: str) -> bytes:
    """Ogg/Opus bytes of ``text`` read by espeak-ng."""
    espeak, opusenc = shutil.which("espeak-ng"), shutil.which("opusenc")
    if espeak is None or opusenc is None:
        raise AudioUnavailable("Install Debian's espeak-ng and opus-tools for audio.")
    # Fixed arguments (the voice comes from VOICES); the text goes in on stdin.
    wav = subprocess.run(  # noqa: S603
        [espeak, "-v", voice, "-s", "160", "--stdout"],
        input=text.encode("utf-8"),
        capture_output=True,
        check=True,
        timeout=300,
    ).stdout
    return subprocess.run(  # noqa: S603
        [opusenc, "--quiet", "--speech", "--bitrate", "32", "--comp", "5", "-", "-"],
        input=wav,
        capture_output=True,
        check=True,
        timeout=300,
    ).stdout


def render(document: Document) -> bytes:
    voice = voice_for(document.language)
    if voice is None:
        raise AudioUnavailable(f"espeak-ng has no voice for {document.language}.")
    out = io.BytesIO()
    playlist = ["#EXTM3U"]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for number, section in enumerate(sections(document), start=1):
            name = f"{number:02d}-{slugify(section.heading)[:50] or 'section'}.opus"
            archive.writestr(name, speak("\n".join(section.lines), voice))
            playlist += [f"#EXTINF:-1,{section.heading}", name]
        archive.writestr("playlist.m3u", "\n".join(playlist) + "\n")
    return out.getvalue()


def opus_duration_seconds(data: bytes) -> float:
    """Length of an Ogg/Opus stream: the last page's granule position less the pre-skip."""
    head = data.find(b"OpusHead")
    last = data.rfind(b"OggS")
    if head < 0 or last < 0:
        raise ValueError("Not an Ogg/Opus stream.")
    pre_skip = int.from_bytes(data[head + 10 : head + 12], "little")
    granule = int.from_bytes(data[last + 6 : last + 14], "little")
    return max(0, granule - pre_skip) / 48000
