"""The counter speaks: announcements go out without holding up the window, a new one cuts the
old, and what the player is handed is the real composed audio.

The clips are forced (`engine="clips"`): CI has no speech service, and a counter without a
Chinese OS voice speaks this way. Offscreen there is no audio device, so QSoundEffect loads the
file and then reports an error instead of playing (a warning the test configuration ignores):
these tests follow the audio up to the file handed to the player and read that file back. The
OS-voice path runs on Qt's "mock" engine, which has English voices and no Chinese one.
"""

from __future__ import annotations

import io
import math
import wave
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl

from station_app.config import Settings
from station_app.voice import Announcement, Spoken, clip_names, clips_dir, compose, load_clips
from ui.sounds import SOUND_EFFECT
from ui.voice import Voice

pytestmark = pytest.mark.skipif(SOUND_EFFECT is None, reason="QtMultimedia does not load here")

SLOT = Announcement(Spoken.SLOT, "B-2-001", quantity=2)
HANDED_OVER = Announcement(Spoken.HANDED_OVER)
QUIET_MS = 300  # long enough for the voice lane to compose and hand a clip over
AUDIBLE_RMS = 1000

OpenVoice = Callable[..., Voice]


@pytest.fixture
def open_voice() -> Iterator[OpenVoice]:
    voices: list[Voice] = []

    def open_(language: str = "zh_CN", engine: str = "clips", **settings: Any) -> Voice:
        voice = Voice(replace(Settings(), **settings), language, engine=engine)
        voices.append(voice)
        return voice

    yield open_
    for voice in voices:
        voice.close()
        voice.deleteLater()


def player_source(voice: Voice) -> Path:
    assert SOUND_EFFECT is not None
    effect = voice.findChild(SOUND_EFFECT)
    assert effect is not None
    return Path(QUrl(effect.source()).toLocalFile())


def read_back(path: Path) -> tuple[float, float]:
    """Seconds and RMS (of 32767) of a 16-bit mono WAV."""
    with wave.open(str(path), "rb") as sound:
        assert (sound.getnchannels(), sound.getsampwidth()) == (1, 2)
        frames = sound.readframes(sound.getnframes())
        seconds = sound.getnframes() / sound.getframerate()
    values = memoryview(frames).cast("h")
    return seconds, math.sqrt(sum(value * value for value in values) / max(1, len(values)))


def seconds_of(wav: bytes) -> float:
    with wave.open(io.BytesIO(wav), "rb") as sound:
        return sound.getnframes() / sound.getframerate()


def test_say_returns_before_the_audio_starts_then_hands_over_real_audio(
        qtbot: Any, open_voice: OpenVoice) -> None:
    voice = open_voice("zh_CN")
    assert voice.engine_name == "clips"
    with qtbot.waitSignal(voice.started, timeout=5000) as started:
        voice.say(SLOT)
        assert voice.said == []  # composing happens on the voice lane, not in say()
    assert started.args == ["B 二 零零一，两件"]
    assert voice.said == ["B 二 零零一，两件"]
    assert voice.handed is not None
    assert player_source(voice) == voice.handed
    clips = load_clips(clips_dir("zh_CN"))
    expected = seconds_of(compose([clips[name] for name in clip_names(SLOT, "zh_CN")]))
    seconds, loudness = read_back(voice.handed)
    assert seconds == pytest.approx(expected, abs=0.001)
    assert seconds > 1.0  # seven clips: B 二 零 零 一 两 件
    assert loudness > AUDIBLE_RMS


def test_a_new_announcement_drops_one_not_yet_started(qtbot: Any,
                                                      open_voice: OpenVoice) -> None:
    voice = open_voice("en")
    with qtbot.waitSignal(voice.started, timeout=5000) as started:
        voice.say(SLOT)
        voice.say(HANDED_OVER)
    assert started.args == ["Handed over"]
    qtbot.wait(QUIET_MS)  # the slot, composed or not, is never handed over
    assert voice.said == ["Handed over"]
    assert voice.handed is not None
    assert player_source(voice) == voice.handed
    assert read_back(voice.handed)[0] == pytest.approx(
        seconds_of(load_clips(clips_dir("en"))["handed_over"]), abs=0.001)


def test_a_new_announcement_cuts_the_one_playing(qtbot: Any, open_voice: OpenVoice) -> None:
    voice = open_voice("zh_CN")
    with qtbot.waitSignal(voice.started, timeout=5000):
        voice.say(SLOT)
    first = voice.handed
    assert first is not None and first.exists()
    with qtbot.waitSignal(voice.started, timeout=5000) as started:
        voice.say(HANDED_OVER)
    assert started.args == ["取件成功"]
    assert voice.said == ["B 二 零零一，两件", "取件成功"]
    assert voice.handed is not None
    assert player_source(voice) == voice.handed != first
    qtbot.waitUntil(lambda: not first.exists(), timeout=2000)  # the old file is gone too


@pytest.mark.parametrize("settings", [
    {"voice": False},
    {"voice_volume": 0.0},
    {"voice_events": "slot,cancelled"},
])
def test_a_voice_turned_off_or_an_event_left_out_stays_silent(
        qtbot: Any, open_voice: OpenVoice, settings: dict[str, Any]) -> None:
    voice = open_voice("zh_CN", **settings)
    with qtbot.assertNotEmitted(voice.started, wait=QUIET_MS):
        voice.say(HANDED_OVER)
    assert voice.said == []
    assert voice.handed is None


def test_settings_and_language_apply_at_once(qtbot: Any, open_voice: OpenVoice) -> None:
    voice = open_voice("zh_CN", voice=False)
    assert voice.engine_name == "silent"
    voice.apply(replace(Settings(), voice_events="cancelled"), "en")
    assert voice.engine_name == "clips"
    with qtbot.assertNotEmitted(voice.started, wait=QUIET_MS):
        voice.say(HANDED_OVER)
    with qtbot.waitSignal(voice.started, timeout=5000) as started:
        voice.say(Announcement(Spoken.CANCELLED))
    assert started.args == ["Order cancelled"]
    voice.apply(replace(Settings(), voice=False), "en")
    assert voice.engine_name == "silent"
    with qtbot.assertNotEmitted(voice.started, wait=QUIET_MS):
        voice.say(Announcement(Spoken.CANCELLED))


def test_the_os_voice_speaks_a_language_it_has(qtbot: Any, open_voice: OpenVoice) -> None:
    voice = open_voice("en", engine="tts:mock", voice_rate=0.5, voice_volume=0.3)
    assert voice.engine_name == "tts:mock"
    with qtbot.waitSignal(voice.started, timeout=5000) as started:
        voice.say(SLOT)
    assert started.args == ["B 2 0 0 1, two items"]
    with qtbot.waitSignal(voice.started, timeout=5000):
        voice.say(HANDED_OVER)  # the engine stops the slot and says this instead
    assert voice.said == ["B 2 0 0 1, two items", "Handed over"]
    assert voice.handed is None  # no clip was composed


def test_without_a_voice_for_the_language_the_clips_speak(qtbot: Any,
                                                          open_voice: OpenVoice) -> None:
    voice = open_voice("zh_CN", engine="tts:mock")  # the mock engine has no Chinese voice
    assert voice.engine_name == "clips"
    with qtbot.waitSignal(voice.started, timeout=5000) as started:
        voice.say(HANDED_OVER)
    assert started.args == ["取件成功"]
    assert voice.handed is not None
