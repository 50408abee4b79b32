"""The counter speaks: slots and handover outcomes said aloud (station_app/voice.py words them).

Which engine speaks (`engine_name`):

- "tts:<engine>": Qt's QTextToSpeech with the first engine other than Qt's "mock" test engine
  (Windows' own voices; speech-dispatcher on Linux) that has a voice for the counter's
  language: Mandarin Chinese for zh_CN (Hong Kong and Macao voices speak Cantonese), any
  English for en. It reads the whole sentence, so it sounds best.
- "clips": otherwise the shipped clips (resources/voice/<language>/) composed into one WAV on the
  voice lane and played with QSoundEffect, the class the scan sounds already use: it plays a
  PCM WAV with low latency and needs no media decoder (QMediaPlayer would load FFmpeg for a
  WAV), and offscreen it gets as far as loading the file, so CI exercises the same path.
- "silent": `voice` is off, or neither QtTextToSpeech nor QtMultimedia loads (pyside6-addons
  needs the system's sound and speech libraries): the counter is silent, never broken.

`say` never waits: the OS voice synthesizes asynchronously, and the clips are composed and
written on the voice lane (ui/background.py). A new announcement cuts the one playing and drops
one still being composed: staff want the slot of the bag in their hand, not a queue of old ones.
Opening a speech engine (it may connect to a speech service) happens once, when the window is
built or the settings first turn the voice on, never per announcement.
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QLocale, QObject, QUrl, Signal

from station_app.config import Settings
from station_app.private_files import write_private
from station_app.voice import (
    Announcement,
    Spoken,
    clip_names,
    clips_dir,
    compose,
    enabled_kinds,
    language_of,
    load_clips,
    words,
)
from ui.background import Lane
from ui.resources import resources_dir
from ui.sounds import SOUND_EFFECT

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QSoundEffect
    from PySide6.QtTextToSpeech import QTextToSpeech

log = logging.getLogger("station.ui.voice")

try:
    from PySide6 import QtTextToSpeech
except ImportError as error:  # pragma: no cover - depends on the machine's libraries
    QtTextToSpeech = None  # type: ignore[assignment]
    log.warning("the OS voice is off (the clips speak): %s", error)

SAID_KEPT = 20
CANTONESE = (QLocale.Country.HongKong, QLocale.Country.Macau)  # voices of Cantonese
TEST_ENGINE = "mock"  # Qt's own test plugin: it "speaks" without sound, never for staff


def os_engines() -> list[str]:
    """The speech engines this machine offers staff (the self-test lists them)."""
    if QtTextToSpeech is None:
        return []
    return [name for name in QtTextToSpeech.QTextToSpeech.availableEngines()
            if name != TEST_ENGINE]


class _Clips:
    """What the voice lane keeps: each language's clips and the folder of composed WAVs. Used
    only on the lane's one thread (so no lock), except `newest`, an int the GUI thread bumps
    and the lane reads whole."""

    def __init__(self) -> None:
        self.newest = 0  # the number of the latest announcement; older ones are dropped
        self._loaded: dict[str, dict[str, bytes]] = {}
        self._folder: tempfile.TemporaryDirectory[str] | None = None

    def clips(self, language: str) -> dict[str, bytes]:
        if language not in self._loaded:
            self._loaded[language] = load_clips(clips_dir(language, resources_dir()))
        return self._loaded[language]

    def compose(self, number: int, names: list[str], language: str,
                rate: float) -> Path | None:
        """The announcement as a WAV file, or None when a newer one came first (not worth
        composing) or no clip was found. Raises OSError, wave.Error, ValueError."""
        if number != self.newest:
            return None
        clips = self.clips(language)
        missing = [name for name in names if name not in clips]
        if missing:
            log.warning("voice: no clip for %s in %s", ", ".join(missing), language)
        found = [clips[name] for name in names if name in clips]
        if not found:
            return None
        if self._folder is None:
            # mkdtemp gives the folder 0700, and write_private each file 0600: what the counter
            # says (slots of residents' orders) stays the counter account's own.
            self._folder = tempfile.TemporaryDirectory(prefix="station-voice-",
                                                       ignore_cleanup_errors=True)
        path = Path(self._folder.name) / f"say-{number}.wav"
        write_private(path, compose(found, rate=rate))
        return path

    @staticmethod
    def discard(path: Path) -> None:
        # Best effort: Windows refuses to delete a file still open; the folder goes at close.
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)

    def close(self) -> None:
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None


def _ignore(_value: object) -> None:
    return None


class Voice(QObject):
    """Says announcements aloud; see the module's docstring for how the engine is chosen."""

    started = Signal(str)  # the words, once their audio is handed to the output
    # "auto", "clips", "silent" or "tts:<engine>" (that engine only, else the clips). A class
    # attribute so tests of a whole window can keep a machine's speech service out of them.
    engine_choice: ClassVar[str] = "auto"

    def __init__(self, settings: Settings, language: str, parent: QObject | None = None, *,
                 engine: str | None = None) -> None:
        super().__init__(parent)
        self.said: list[str] = []  # the last words said, for tests and diagnostics
        self.engine_name = "silent"
        self.handed: Path | None = None  # the WAV last handed to the player (clips)
        self._choice = engine or self.engine_choice
        self._settings = settings
        self._language = language_of(language)
        self._kinds: frozenset[Spoken] = frozenset()
        self._tts: QTextToSpeech | None = None
        self._tts_opened = False
        self._pending = ""  # words given to the OS voice, until it starts on them
        self._effect: QSoundEffect | None = None
        self._lane: Lane | None = None
        self._clips = _Clips()
        self._closed = False
        self.apply(settings, language)

    def apply(self, settings: Settings, language: str) -> None:
        """Use new settings (voice on/off, volume, rate, events) and language from now on."""
        self.stop()
        self._settings = settings
        self._language = language_of(language)
        self._kinds = enabled_kinds(settings.voice_events)
        self.engine_name = self._choose()
        log.info("voice: %s in %s", self.engine_name, self._language)
        if self._tts is not None:
            self._tts.setRate(settings.voice_rate)
            self._tts.setVolume(settings.voice_volume)
        if self._effect is not None:
            self._effect.setVolume(settings.voice_volume)

    def say(self, announcement: Announcement) -> None:
        """Say it now, cutting whatever is being said; returns at once. Nothing happens when
        the voice is off or silent, its volume is 0 or `voice_events` leaves this kind out."""
        if (self.engine_name == "silent" or self._settings.voice_volume <= 0
                or announcement.kind not in self._kinds):
            return
        text = words(announcement, self._language)
        if not text:
            return
        self._clips.newest += 1
        if self._tts is not None and self.engine_name.startswith("tts:"):
            self._pending = text
            self._tts.say(text)  # asynchronous; it stops what the engine was saying
            return
        if self._effect is None or self._lane is None:
            return
        self._effect.stop()  # cut the old one now, not once the new one is composed
        number, language, rate = self._clips.newest, self._language, self._settings.voice_rate
        names = clip_names(announcement, language)
        clips = self._clips
        self._lane.submit(lambda: (number, text, clips.compose(number, names, language, rate)),
                          self._hand_over, self._failed)

    def stop(self) -> None:
        """Silence what is being said, and drop an announcement still being composed."""
        self._clips.newest += 1
        self._pending = ""
        if self._effect is not None:
            self._effect.stop()
        if self._tts is not None and self.engine_name.startswith("tts:"):
            self._tts.stop()

    def close(self) -> None:
        """Stop speaking and remove the composed files (the window calls it as it closes)."""
        if self._closed:
            return
        self.stop()
        self._closed = True
        if self._lane is not None:
            self._lane.submit(self._clips.close, _ignore, self._failed)
            self._lane.shutdown()

    # --- choosing the engine ----------------------------------------------------------------

    def _choose(self) -> str:
        if self._closed or not self._settings.voice or self._choice == "silent":
            return "silent"
        if self._choice != "clips":
            tts = self._open_tts()
            if tts is not None and self._speaks_language(tts):
                return f"tts:{tts.engine()}"
        if SOUND_EFFECT is None:
            return "silent"
        if self._effect is None or self._lane is None:
            self._effect = SOUND_EFFECT(self)
            self._lane = Lane("voice")
        language, clips = self._language, self._clips
        # Read now, on the lane: the first announcement does not wait for the disk.
        self._lane.submit(lambda: clips.clips(language), _ignore, self._failed)
        return "clips"

    def _open_tts(self) -> QTextToSpeech | None:
        """The OS speech engine, opened once (it may connect to a speech service)."""
        if self._tts_opened or QtTextToSpeech is None:
            return self._tts
        self._tts_opened = True
        engine = QtTextToSpeech.QTextToSpeech
        names = ([self._choice.removeprefix("tts:")] if self._choice.startswith("tts:")
                 else [name for name in engine.availableEngines() if name != TEST_ENGINE])
        for name in names:
            tts = engine(name, self)
            if tts.state() != engine.State.Error:
                # Emitted as the engine takes the text: the closest to "audio started" that
                # every engine reports.
                tts.aboutToSynthesize.connect(self._tts_started)
                tts.stateChanged.connect(self._tts_state)
                self._tts = tts
                return tts
            log.info("voice: the %s speech engine does not start: %s", name, tts.errorString())
            tts.deleteLater()
        return None

    def _speaks_language(self, tts: QTextToSpeech) -> bool:
        """Set the engine to a voice of the counter's language; False when it has none."""
        wanted = QLocale(self._language)
        locales = [locale for locale in tts.availableLocales()
                   if locale.language() == wanted.language()
                   and locale.territory() not in CANTONESE]
        if not locales:
            return False
        exact = [locale for locale in locales if locale.territory() == wanted.territory()]
        tts.setLocale((exact or locales)[0])
        return True

    def _tts_state(self, state: QTextToSpeech.State) -> None:
        tts = self._tts
        if tts is None or self._closed:
            return
        if state == tts.State.Error:
            # e.g. speech-dispatcher stopped: the clips speak from now on.
            log.warning("voice: the OS voice failed (%s); using the clips", tts.errorString())
            self._tts = None
            tts.deleteLater()
            self.apply(self._settings, self._language)
        elif state == tts.State.Ready and not self.engine_name.startswith("tts:"):
            # An engine that finished starting after we looked may now list the language.
            self.apply(self._settings, self._language)

    # --- speaking ---------------------------------------------------------------------------

    def _tts_started(self, _utterance: int) -> None:
        if self._pending:
            text, self._pending = self._pending, ""
            self._started(text)

    def _hand_over(self, result: tuple[int, str, Path | None]) -> None:
        """On the GUI thread: play the composed WAV, unless a newer announcement came."""
        number, text, path = result
        if path is None:
            return
        effect = self._effect
        if (self._closed or effect is None or number != self._clips.newest
                or self.engine_name != "clips"):
            self._discard(path)
            return
        effect.stop()
        effect.setSource(QUrl.fromLocalFile(str(path)))
        effect.setVolume(self._settings.voice_volume)
        effect.play()  # plays as soon as QSoundEffect has loaded it (on its own thread)
        if self.handed is not None:
            self._discard(self.handed)
        self.handed = path
        self._started(text)

    def _started(self, text: str) -> None:
        self.said = [*self.said, text][-SAID_KEPT:]
        self.started.emit(text)

    def _discard(self, path: Path) -> None:
        if self._lane is not None and not self._closed:
            self._lane.submit(lambda: _Clips.discard(path), _ignore, self._failed)

    def _failed(self, error: BaseException) -> None:
        log.warning("voice: an announcement could not be composed: %s", error)
