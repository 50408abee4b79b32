"""Render the voice clips the counter plays when the OS has no voice in its language.

    python scripts/voice_clips.py            # all languages into resources/voice/<language>/
    python scripts/voice_clips.py --out DIR  # somewhere else (to compare before replacing)

Needs espeak-ng (Debian/Ubuntu: `apt-get install espeak-ng`). What each language needs is
`station_app.voice.clip_texts`: digits, letters A-Z, the quantity words and the phrases. Each
clip is resampled to 16 kHz, trimmed of its leading and trailing silence and brought to one
loudness, so a slot composed of single characters sounds even and quick. 16-bit mono at 16 kHz
("wideband" speech: letters such as F and S stay apart) keeps all clips near 1.4 MB, where
espeak-ng's own 22 050 Hz would take 1.9 MB; the audio output converts the rate, as it does
for the scan sounds (22 050 Hz) and every rate a sound card lists (Qt's Windows back-end
accepts 11 025 Hz up).
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np

from station_app.voice import LETTERS, clip_texts

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("zh_CN", "en")
# espeak-ng's "cmn" voice reads Latin text as English, so its dictionary's pinyin for some
# hanzi (两 → liang3) comes out as English words; the pinyin voice reads them right. Letters
# need the other one: as pinyin, "B" would be a bare consonant.
VOICES = {"zh_CN": "cmn-latn-pinyin", "en": "en-us"}
LETTER_VOICES = {"zh_CN": "cmn", "en": "en-us"}
SPEED_WPM = 175  # espeak-ng's default: single characters are distinct at it, and short
SILENCE = 0.04  # of the clip's peak: quieter samples at either end are trimmed
MARGIN_S = 0.015  # kept either side of the sound, so a clip does not start with a click
PEAK = 0.7  # of full scale: every clip as loud as the next, with headroom
RATE = 16_000
TAPS = 32  # each side of an output sample: the resampling filter's reach, in input samples


def render(text: str, voice: str) -> tuple[np.ndarray, int]:
    """espeak-ng's samples (int16) and sample rate for `text`; raises CalledProcessError."""
    # SSML say-as: a lone "A" is otherwise the English article, not the letter's name.
    markup = (f'<speak><say-as interpret-as="characters">{text}</say-as></speak>'
              if text in LETTERS else f"<speak>{text}</speak>")
    result = subprocess.run(["espeak-ng", "-m", "-v", voice, "-s", str(SPEED_WPM), "--stdout",
                             markup], check=True, capture_output=True)
    with wave.open(io.BytesIO(result.stdout), "rb") as source:
        if (source.getnchannels(), source.getsampwidth()) != (1, 2):
            raise SystemExit(f"espeak-ng gave {source.getparams()}, not 16-bit mono")
        rate = source.getframerate()
        # espeak-ng streams to stdout, so its header's frame count is a placeholder: read all.
        data = source.readframes(2**31 - 1)
    return np.frombuffer(data, dtype="<i2"), rate


def resampled(samples: np.ndarray, rate: int, target: int = RATE) -> np.ndarray:
    """Band-limited resampling (a Blackman-windowed sinc, cut just under the new Nyquist
    frequency), as float64: plain decimation would fold the hiss of "S" and "F" into noise."""
    signal = samples.astype(np.float64)
    if rate == target:
        return signal
    times = np.arange(round(len(signal) * target / rate)) * (rate / target)
    taps = np.floor(times).astype(np.int64)[:, None] + np.arange(1 - TAPS, TAPS + 1)[None, :]
    distance = times[:, None] - taps
    cutoff = 0.45 * min(1.0, target / rate)  # cycles per input sample
    window = (0.42 + 0.5 * np.cos(np.pi * distance / TAPS)
              + 0.08 * np.cos(2 * np.pi * distance / TAPS))
    kernel = 2 * cutoff * np.sinc(2 * cutoff * distance) * window
    inside = (taps >= 0) & (taps < len(signal))
    values = np.where(inside, signal[np.clip(taps, 0, len(signal) - 1)], 0.0)
    return np.asarray((values * kernel).sum(axis=1))


def trimmed(samples: np.ndarray, rate: int) -> np.ndarray:
    """The sound without its silent ends (a small margin kept), at a common peak level."""
    levels = np.abs(samples)
    if levels.max() == 0:
        raise SystemExit("espeak-ng gave silence")
    loud = np.flatnonzero(levels > SILENCE * levels.max())
    margin = round(MARGIN_S * rate)
    start, end = max(0, loud[0] - margin), min(len(samples), loud[-1] + 1 + margin)
    cut = samples[start:end]
    scaled = cut * (PEAK * 32767 / np.abs(cut).max())
    return np.asarray(np.clip(np.round(scaled), -32768, 32767), dtype="<i2")


def write(path: Path, samples: np.ndarray, rate: int) -> None:
    with wave.open(str(path), "wb") as target:
        target.setnchannels(1)
        target.setsampwidth(2)
        target.setframerate(rate)
        target.writeframes(samples.tobytes())


def render_language(language: str, folder: Path) -> int:
    """Write every clip of `language` into `folder` (old .wav files there are removed first, so
    a clip no longer needed does not linger); returns the bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.wav"):
        old.unlink()
    for stem, text in clip_texts(language).items():
        voice = LETTER_VOICES[language] if stem in LETTERS else VOICES[language]
        samples, rate = render(text, voice)
        write(folder / f"{stem}.wav", trimmed(resampled(samples, rate), RATE), RATE)
    return sum(path.stat().st_size for path in folder.glob("*.wav"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "voice",
                        help="folder to write <language>/<name>.wav into")
    args = parser.parse_args(argv)
    if shutil.which("espeak-ng") is None:
        print("espeak-ng is not installed (apt-get install espeak-ng)", file=sys.stderr)
        return 1
    total = 0
    for language in LANGUAGES:
        size = render_language(language, args.out / language)
        count = len(clip_texts(language))
        print(f"{language}: {count} clips, {size / 1024:.0f} KiB")
        total += size
    print(f"total {total / 1024:.0f} KiB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
