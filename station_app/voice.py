"""What the counter says aloud, and the shipped clips that say it when the OS has no voice.

Staff sorting bags or handing one over look at the shelf and the resident, not the screen: the
counter says the slot to walk to (`B-2-001`, and how many bags, `×2`) and how a handover went.
The sentence goes to the OS speech engine when it has a voice in the counter's language
(`ui/voice.py` decides); otherwise the same announcement is played from short clips shipped in
`resources/voice/<language>/<name>.wav` (made by `scripts/voice_clips.py`), so a Windows PC
without a Chinese voice still speaks slots. `words` and `clip_names` are built from the same
pieces, so both paths say the same thing.

Pure Python (the stdlib `wave` module): the core never imports Qt.
"""

from __future__ import annotations

import io
import logging
import math
import sys
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

log = logging.getLogger("station.voice")


class Spoken(StrEnum):
    """The kinds of announcement; the values are the names `voice_events` lists."""

    SLOT = "slot"
    HANDED_OVER = "handed_over"
    ALREADY_HANDED_OVER = "already_handed_over"
    CANCELLED = "cancelled"
    OTHER_STATION = "other_station"
    PLEASE_WAIT = "please_wait"


@dataclass(frozen=True)
class Announcement:
    """One thing to say. `slot` is read only for SLOT; `quantity` above 1 adds "×N"."""

    kind: Spoken
    slot: str = ""
    quantity: int = 0


PHRASES: dict[str, dict[Spoken, str]] = {
    "zh_CN": {
        Spoken.HANDED_OVER: "取件成功",
        Spoken.ALREADY_HANDED_OVER: "已取件",
        Spoken.CANCELLED: "订单已取消",
        Spoken.OTHER_STATION: "非本站订单",
        Spoken.PLEASE_WAIT: "请稍候",
    },
    "en": {
        Spoken.HANDED_OVER: "Handed over",
        Spoken.ALREADY_HANDED_OVER: "Already picked up",
        Spoken.CANCELLED: "Order cancelled",
        Spoken.OTHER_STATION: "Not this station's order",
        Spoken.PLEASE_WAIT: "Please wait",
    },
}
LETTERS = tuple(chr(code) for code in range(ord("A"), ord("Z") + 1))
DIGITS = tuple(str(digit) for digit in range(10))
_ZH_DIGITS = "零一二三四五六七八九"
_EN_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
               "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
               "seventeen", "eighteen", "nineteen")
_EN_TENS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy",
            80: "eighty", 90: "ninety"}
_EN_TENS_STEMS = {str(tens) for tens in _EN_TENS}
# Clip stems beyond digits, letters and phrases. Plain ASCII: installers and Windows file
# systems must not trip over a file name.
ZH_TEN, ZH_TWO_OF, ZH_PIECES = "10", "liang", "jian"  # 十, 两 (2 of something), 件
EN_ITEMS = "items"
CLIPS_DIR = Path("voice")  # under resources/: one folder per language, <name>.wav in each


def language_of(language: str) -> str:
    """The voice language for a UI language: Chinese for any zh*, English otherwise."""
    return "zh_CN" if language.lower().startswith("zh") else "en"


def clips_dir(language: str, resources: Path | None = None) -> Path:
    """resources/voice/<language> of a checkout, or of the frozen build (PyInstaller ships all of
    resources/), unless `resources` names another folder."""
    if resources is None:
        frozen = getattr(sys, "_MEIPASS", None)
        base = Path(frozen) if frozen else Path(__file__).resolve().parent.parent
        resources = base / "resources"
    return resources / CLIPS_DIR / language_of(language)


def _slot_pieces(slot: str, language: str) -> list[list[tuple[str, str]]]:
    """(clip stem, word) per character, grouped as the slot's parts: B-2-001 → B | 2 | 0 0 1.
    Characters with no clip (not A-Z or 0-9) are kept in the words with an empty stem."""
    groups = []
    for part in slot.strip().upper().split("-"):
        group = []
        for char in part:
            if char in DIGITS and language == "zh_CN":
                group.append((char, _ZH_DIGITS[int(char)]))
            elif char in DIGITS or char in LETTERS:
                group.append((char, char))
            else:
                group.append(("", char))
        if group:
            groups.append(group)
    return groups


def _zh_count(quantity: int) -> list[tuple[str, str]]:
    """两 for 2, 十 and digits up to 99 (十二, 二十, 九十九); above, digit by digit."""
    if quantity == 2:
        return [(ZH_TWO_OF, "两")]
    if quantity < 10 or quantity > 99:
        return [(digit, _ZH_DIGITS[int(digit)]) for digit in str(quantity)]
    tens, ones = divmod(quantity, 10)
    pieces = [(str(tens), _ZH_DIGITS[tens])] if tens > 1 else []
    pieces.append((ZH_TEN, "十"))
    if ones:
        pieces.append((str(ones), _ZH_DIGITS[ones]))
    return pieces


def _en_count(quantity: int) -> list[tuple[str, str]]:
    """Number words up to 99 (clips "0"…"19" and "20"…"90"); above, digit by digit."""
    if quantity < 20:
        return [(str(quantity), _EN_NUMBERS[quantity])]
    if quantity > 99:
        return [(digit, _EN_NUMBERS[int(digit)]) for digit in str(quantity)]
    tens, ones = quantity - quantity % 10, quantity % 10
    pieces = [(str(tens), _EN_TENS[tens])]
    if ones:
        pieces.append((str(ones), _EN_NUMBERS[ones]))
    return pieces


def _count(quantity: int, language: str) -> list[tuple[str, str]]:
    if language == "zh_CN":
        return [*_zh_count(quantity), (ZH_PIECES, "件")]
    return [*_en_count(quantity), (EN_ITEMS, "items")]


def words(announcement: Announcement, language: str) -> str:
    """The sentence for a speech engine: zh "B 二 零零一，两件", en "B 2 0 0 1, two items".
    The slot is said character by character (a listener walks to B, shelf 2, bag 001), not as a
    number; "" when a SLOT announcement has no slot."""
    language = language_of(language)
    if announcement.kind is not Spoken.SLOT:
        return PHRASES[language][announcement.kind]
    groups = _slot_pieces(announcement.slot, language)
    if not groups:
        return ""
    joiner = "" if language == "zh_CN" else " "  # 零零一 is one word; "0 0 1" three
    sentence = " ".join(joiner.join(word for _, word in group) for group in groups)
    if announcement.quantity > 1:
        count = _count(announcement.quantity, language)
        if language == "zh_CN":
            sentence += "，" + "".join(word for _, word in count)
        else:
            number = count[:-1]
            hyphen = "-" if len(number) == 2 and number[0][0] in _EN_TENS_STEMS else " "
            numbers = hyphen.join(word for _, word in number)  # twenty-one; one zero zero
            sentence += f", {numbers} {count[-1][1]}"
    return sentence


def clip_names(announcement: Announcement, language: str) -> list[str]:
    """The clips (file stems in `clips_dir(language)`) the fallback plays, in order."""
    language = language_of(language)
    if announcement.kind is not Spoken.SLOT:
        return [announcement.kind.value]
    names = [stem for group in _slot_pieces(announcement.slot, language)
             for stem, _ in group if stem]
    if names and announcement.quantity > 1:
        names += [stem for stem, _ in _count(announcement.quantity, language)]
    return names


def clip_texts(language: str) -> dict[str, str]:
    """Every clip a language needs (stem → what it says): what `scripts/voice_clips.py`
    renders, and what the tests check is shipped."""
    language = language_of(language)
    texts = {letter: letter for letter in LETTERS}
    if language == "zh_CN":
        texts |= {digit: _ZH_DIGITS[int(digit)] for digit in DIGITS}
        texts |= {ZH_TEN: "十", ZH_TWO_OF: "两", ZH_PIECES: "件"}
    else:
        texts |= {str(number): word for number, word in enumerate(_EN_NUMBERS)}
        texts |= {str(tens): word for tens, word in _EN_TENS.items()}
        texts[EN_ITEMS] = "items"
    texts |= {kind.value: phrase for kind, phrase in PHRASES[language].items()}
    return texts


def load_clips(folder: Path) -> dict[str, bytes]:
    """Every `*.wav` in `folder` by stem; {} when the folder is missing (the caller is silent
    then). Raises OSError when a file cannot be read."""
    if not folder.is_dir():
        log.warning("no voice clips in %s", folder)
        return {}
    return {path.stem: path.read_bytes() for path in sorted(folder.glob("*.wav"))}


def gap_for(gap_ms: int, rate: float) -> float:
    """The pause between clips, in ms, for a speech rate of -1 (slow) … 1 (fast): four times
    longer at -1, a quarter at 1."""
    return gap_ms * math.pow(4.0, -max(-1.0, min(1.0, rate)))


def compose(clips: Sequence[bytes], gap_ms: int = 60, rate: float = 0.0) -> bytes:
    """One WAV: the clips in order with a short silence between them.

    `rate` changes only the pauses (`gap_for`), never the clips: speeding a recording up
    without raising its pitch needs a real time-stretch, which a fallback for counters without
    an OS voice does not warrant. Raises ValueError for no clips, or clips of different formats
    (channels, sample width, sample rate), and wave.Error for a file that is not a PCM WAV.
    """
    if not clips:
        raise ValueError("nothing to compose")
    layouts: set[tuple[int, int, int]] = set()
    frames: list[bytes] = []
    for clip in clips:
        with wave.open(io.BytesIO(clip), "rb") as source:
            layouts.add((source.getnchannels(), source.getsampwidth(), source.getframerate()))
            frames.append(source.readframes(source.getnframes()))
    if len(layouts) > 1:
        raise ValueError(f"clips differ in format (channels, width, rate): {sorted(layouts)}")
    (layout,) = layouts
    channels, width, framerate = layout
    gap_frames = round(gap_for(gap_ms, rate) * framerate / 1000)
    silence = (b"\x80" if width == 1 else b"\x00") * (gap_frames * channels * width)
    output = io.BytesIO()
    with wave.open(output, "wb") as target:
        target.setnchannels(channels)
        target.setsampwidth(width)
        target.setframerate(framerate)
        target.writeframes(silence.join(frames))
    return output.getvalue()


def unknown_events(setting: str) -> list[str]:
    """The names in a `voice_events` setting that are no announcement (typos), as written."""
    known = {kind.value for kind in Spoken}
    return [name.strip() for name in setting.split(",")
            if name.strip() and name.strip().lower() not in known]


def enabled_kinds(setting: str) -> frozenset[Spoken]:
    """The announcements a `voice_events` setting turns on: comma-separated names, any case and
    spacing; "" turns all off. An unknown name is ignored (the counter must still speak the
    others) and logged as a warning naming the known ones; `unknown_events` lists them for a
    settings screen to show."""
    unknown = unknown_events(setting)
    if unknown:
        log.warning("voice_events: ignored %s; known: %s", ", ".join(unknown),
                    ", ".join(kind.value for kind in Spoken))
    names = {name.strip().lower() for name in setting.split(",")}
    return frozenset(kind for kind in Spoken if kind.value in names)
