"""What the counter says: the words for a speech engine, the clips of the fallback, and the one
WAV the clips are composed into, read back as real audio (no Qt)."""

from __future__ import annotations

import io
import logging
import math
import sys
import wave
from array import array
from pathlib import Path

import pytest

from station_app.voice import (
    DIGITS,
    LETTERS,
    Announcement,
    Spoken,
    clip_names,
    clip_texts,
    clips_dir,
    compose,
    enabled_kinds,
    gap_for,
    load_clips,
    unknown_events,
    words,
)

REPO = Path(__file__).resolve().parents[2]
LANGUAGES = ("zh_CN", "en")
DEFAULT_EVENTS = "slot,handed_over,already_handed_over,cancelled,other_station,please_wait"
AUDIBLE_RMS = 1000  # of 32767: the clips peak at 0.7 of full scale; silence is 0
MAX_CLIP_S = 2.0  # a clip is one character, one number word or one short phrase


def samples(wav: bytes) -> tuple[array[int], int]:
    """16-bit samples and the frame rate of a WAV."""
    with wave.open(io.BytesIO(wav), "rb") as source:
        assert (source.getnchannels(), source.getsampwidth()) == (1, 2)
        frames = array("h", source.readframes(source.getnframes()))
        if sys.byteorder == "big":
            frames.byteswap()
        return frames, source.getframerate()


def rms(values: array[int]) -> float:
    return math.sqrt(sum(value * value for value in values) / max(1, len(values)))


def duration(wav: bytes) -> float:
    frames, rate = samples(wav)
    return len(frames) / rate


@pytest.fixture(scope="module")
def clips() -> dict[str, dict[str, bytes]]:
    return {language: load_clips(clips_dir(language)) for language in LANGUAGES}


@pytest.mark.parametrize(("kind", "zh", "en"), [
    (Spoken.HANDED_OVER, "取件成功", "Handed over"),
    (Spoken.ALREADY_HANDED_OVER, "已取件", "Already picked up"),
    (Spoken.CANCELLED, "订单已取消", "Order cancelled"),
    (Spoken.OTHER_STATION, "非本站订单", "Not this station's order"),
    (Spoken.PLEASE_WAIT, "请稍候", "Please wait"),
])
def test_each_outcome_has_its_phrase_in_both_languages(kind: Spoken, zh: str, en: str) -> None:
    announcement = Announcement(kind, slot="B-2-001", quantity=3)  # a slot is not said here
    assert (words(announcement, "zh_CN"), words(announcement, "en")) == (zh, en)
    assert clip_names(announcement, "zh_CN") == clip_names(announcement, "en") == [kind.value]


@pytest.mark.parametrize(("slot", "quantity", "zh", "en"), [
    ("B-2-001", 0, "B 二 零零一", "B 2 0 0 1"),
    ("B-2-001", 1, "B 二 零零一", "B 2 0 0 1"),  # one bag goes without saying
    ("B-2-001", 2, "B 二 零零一，两件", "B 2 0 0 1, two items"),
    ("a-3-017", 3, "A 三 零一七，三件", "A 3 0 1 7, three items"),
    ("C-1-120", 12, "C 一 一二零，十二件", "C 1 1 2 0, twelve items"),
    ("Z-9-999", 21, "Z 九 九九九，二十一件", "Z 9 9 9 9, twenty-one items"),
    ("", 2, "", ""),
])
def test_a_slot_is_said_character_by_character(slot: str, quantity: int, zh: str,
                                               en: str) -> None:
    announcement = Announcement(Spoken.SLOT, slot=slot, quantity=quantity)
    assert (words(announcement, "zh_CN"), words(announcement, "en")) == (zh, en)


def test_the_clips_of_a_slot_follow_its_words() -> None:
    announcement = Announcement(Spoken.SLOT, "B-2-001", quantity=2)
    assert clip_names(announcement, "zh_CN") == ["B", "2", "0", "0", "1", "liang", "jian"]
    assert clip_names(announcement, "en") == ["B", "2", "0", "0", "1", "2", "items"]
    assert clip_names(Announcement(Spoken.SLOT, "C-1-120", 12), "zh_CN")[-3:] == [
        "10", "2", "jian"]  # 十二件
    assert clip_names(Announcement(Spoken.SLOT, "C-1-120", 20), "zh_CN")[-3:] == [
        "2", "10", "jian"]  # 二十件
    assert clip_names(Announcement(Spoken.SLOT, "C-1-120", 45), "en")[-3:] == [
        "40", "5", "items"]
    assert clip_names(Announcement(Spoken.SLOT, ""), "en") == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_slot_and_count_has_its_clips_shipped(
        language: str, clips: dict[str, dict[str, bytes]]) -> None:
    shipped = clips[language]
    assert set(clip_texts(language)) <= set(shipped)
    needed = {name for letter in LETTERS for digit in DIGITS
              for name in clip_names(Announcement(Spoken.SLOT, f"{letter}-{digit}-{digit}0{digit}"),
                                     language)}
    needed |= {name for quantity in range(2, 130)
               for name in clip_names(Announcement(Spoken.SLOT, "A-1-001", quantity), language)}
    needed |= {name for kind in Spoken for name in clip_names(Announcement(kind, "A-1-001"),
                                                               language)}
    assert needed - set(shipped) == set()
    assert (clips_dir(language) / "B.wav").is_file()


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_clip_is_short_real_speech_in_one_format(
        language: str, clips: dict[str, dict[str, bytes]]) -> None:
    formats = set()
    for name, clip in clips[language].items():
        frames, rate = samples(clip)
        formats.add(rate)
        assert 0.1 < len(frames) / rate < MAX_CLIP_S, name
        assert rms(frames) > AUDIBLE_RMS, name
    assert formats == {16_000}  # compose needs one format; see scripts/voice_clips.py


def test_all_clips_together_stay_small() -> None:
    total = sum(path.stat().st_size for path in (REPO / "resources" / "voice").rglob("*.wav"))
    assert total < 1.6 * 1024 * 1024


def test_a_composed_slot_is_its_clips_and_short_pauses(
        clips: dict[str, dict[str, bytes]]) -> None:
    names = clip_names(Announcement(Spoken.SLOT, "B-2-001", 2), "zh_CN")
    parts = [clips["zh_CN"][name] for name in names]
    composed = compose(parts, gap_ms=60)
    frames, rate = samples(composed)
    expected = sum(duration(part) for part in parts) + 0.060 * (len(parts) - 1)
    assert len(frames) / rate == pytest.approx(expected, abs=0.002)
    assert rms(frames) > AUDIBLE_RMS * 0.8  # the pauses dilute it a little, no more
    silence = array("h", [0]) * round(0.060 * rate)
    first = samples(parts[0])[0]
    assert frames[len(first):len(first) + len(silence)] == silence


def test_the_rate_changes_the_pauses_not_the_voice(clips: dict[str, dict[str, bytes]]) -> None:
    parts = [clips["en"][name] for name in ("B", "2", "0")]
    spoken = sum(duration(part) for part in parts)
    slow, normal, fast = (duration(compose(parts, gap_ms=60, rate=rate))
                          for rate in (-1.0, 0.0, 1.0))
    assert slow - spoken == pytest.approx(2 * 0.240, abs=0.002)
    assert normal - spoken == pytest.approx(2 * 0.060, abs=0.002)
    assert fast - spoken == pytest.approx(2 * 0.015, abs=0.002)
    assert gap_for(60, 5.0) == gap_for(60, 1.0)  # out of range is held to -1 … 1


def test_clips_of_different_formats_are_refused(clips: dict[str, dict[str, bytes]]) -> None:
    other = io.BytesIO()
    with wave.open(other, "wb") as target:
        target.setnchannels(1)
        target.setsampwidth(2)
        target.setframerate(22_050)
        target.writeframes(b"\x00\x10" * 100)
    with pytest.raises(ValueError, match="differ"):
        compose([clips["en"]["A"], other.getvalue()])
    with pytest.raises(ValueError, match="nothing"):
        compose([])


def test_a_missing_folder_has_no_clips(tmp_path: Path,
                                       caplog: pytest.LogCaptureFixture) -> None:
    assert load_clips(tmp_path / "voice" / "fr") == {}
    assert "no voice clips" in caplog.text


@pytest.mark.parametrize(("setting", "kinds"), [
    (DEFAULT_EVENTS, set(Spoken)),
    ("", set()),
    (" Slot , CANCELLED,", {Spoken.SLOT, Spoken.CANCELLED}),
    ("please_wait,please_wait", {Spoken.PLEASE_WAIT}),
])
def test_voice_events_turn_announcements_on(setting: str, kinds: set[Spoken]) -> None:
    assert enabled_kinds(setting) == frozenset(kinds)
    assert unknown_events(setting) == []


def test_an_unknown_event_is_ignored_and_said(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="station.voice"):
        assert enabled_kinds("slot,handover,canceled") == frozenset({Spoken.SLOT})
    assert unknown_events("slot,handover,canceled") == ["handover", "canceled"]
    assert "ignored handover, canceled" in caplog.text
    assert "handed_over" in caplog.text  # the message names the right spelling
