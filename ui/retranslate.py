"""Switching the language of widgets already on screen, without rebuilding them.

The window and its ~20 desks and dialogs set their texts with `self.tr(...)` when they are
built or when they show a result; Qt's LanguageChange event alone changes none of them. Instead
of a `retranslate()` in every module (hundreds of call sites to keep in step by hand), the
texts on screen are looked up in the Qt Linguist catalogue: a text shown in the old language is
matched against every message of that language, placeholders included (`收银员：%1` matches
`收银员：王丽`), and replaced by the same message translated into the new language with the
same arguments. A widget added tomorrow needs nothing. What cannot be matched (a text glued
together from several messages) is shown again by its desk, which renders from its state when
it comes on screen; tests/gui/test_languages.py switches every desk back and forth and fails on
any text left in the old language.

The same walk over a widget tree (`text_slots`) serves the tests that look for untranslated
text and for widgets without an accessible name.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTabBar,
    QTableView,
    QTableWidget,
    QTextEdit,
    QWidget,
)

from ui.resources import resources_dir

log = logging.getLogger("station.ui.i18n")

PLACEHOLDER = re.compile(r"%(\d|n)")


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    numerus: bool


@dataclass(frozen=True)
class Form:
    """One way a message reads in one language, as a pattern over the text on screen."""

    message: Message
    pattern: re.Pattern[str]
    clue: str  # its longest literal piece: a cheap test before the regular expression


@dataclass
class Catalog:
    """Every message of the .ts files, searchable by how it reads in a language."""

    exact: dict[str, dict[str, list[Message]]] = field(default_factory=dict)
    forms: dict[str, list[Form]] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Catalog:
        catalog = cls()
        zh = ET.parse(folder / "station_zh_CN.ts").getroot()
        en = ET.parse(folder / "station_en.ts").getroot()
        english = {(c.findtext("name") or "", m.findtext("source") or ""): m
                   for c in en.iter("context") for m in c.iter("message")}
        for context in zh.iter("context"):
            name = context.findtext("name") or ""
            for element in context.iter("message"):
                source = element.findtext("source") or ""
                numerus = element.get("numerus") == "yes"
                message = Message(name, source, numerus)
                catalog._add("zh_CN", message, _readings(element) or [source])
                in_english = english.get((name, source))
                catalog._add("en", message, (_readings(in_english) if in_english is not None
                                             and numerus else []) or [source])
        for forms in catalog.forms.values():
            forms.sort(key=lambda form: -len(form.clue))
        return catalog

    def _add(self, language: str, message: Message, readings: list[str]) -> None:
        for text in readings:
            if not PLACEHOLDER.search(text):
                self.exact.setdefault(language, {}).setdefault(text, []).append(message)
                continue
            literal = [piece for piece in PLACEHOLDER.split(text)[::2] if piece]
            clue = max(literal, key=len, default="")
            # "%1", "%1 %2" or "%1 · %2" would claim any data (a name, a code): only patterns
            # with words of their own are safe to match.
            if not re.search(r"[^\W\d_]", "".join(literal)):
                continue
            self.forms.setdefault(language, []).append(Form(message, _compile(text), clue))

    def find(self, text: str, language: str,
             owners: tuple[str, ...] = ()) -> tuple[Message, dict[str, str]] | None:
        """The message `text` is a reading of in `language`, with its arguments (`"1"`,
        `"n"`…). `owners`: class names of the widget and its parents, preferred as context
        when two messages read alike."""
        found = self.exact.get(language, {}).get(text)
        if found:
            return _prefer(found, owners), {}
        matches = [(form.message, match.groupdict()) for form in self.forms.get(language, [])
                   if form.clue in text and (match := form.pattern.fullmatch(text))]
        if not matches:
            return None
        preferred = _prefer([message for message, _ in matches], owners)
        return next(m for m in matches if m[0] == preferred)

    def translate(self, text: str, old: str, new: str, owners: tuple[str, ...] = ()) -> str:
        """`text` as shown in `old`, now in `new`; unchanged when it is not a known message
        (data: names, codes, amounts)."""
        if not text or old == new:
            return text
        found = self.find(text, old, owners)
        if found is None:
            return text
        message, arguments = found
        count = int(arguments.pop("n")) if "n" in arguments else -1
        result = QCoreApplication.translate(message.context, message.source, None, count)
        for number, value in arguments.items():
            # An argument may be a message itself ("Printer: %1" with "ready"): exact only.
            inner = self.find(value, old, owners) if value in self.exact.get(old, {}) else None
            shown = value if inner is None else QCoreApplication.translate(
                inner[0].context, inner[0].source)
            result = result.replace(f"%{number.removeprefix('p')}", shown)
        return result


def _readings(element: ET.Element | None) -> list[str]:
    if element is None:
        return []
    translation = element.find("translation")
    if translation is None:
        return []
    forms = [form.text or "" for form in translation.iter("numerusform")]
    return [text for text in forms or [translation.text or ""] if text]


def _compile(text: str) -> re.Pattern[str]:
    parts: list[str] = []
    seen: set[str] = set()
    for index, piece in enumerate(PLACEHOLDER.split(text)):
        if index % 2 == 0:
            parts.append(re.escape(piece))
            continue
        name = "n" if piece == "n" else f"p{piece}"
        if name in seen:
            parts.append(f"(?P={name})")
        else:
            seen.add(name)
            parts.append(r"(?P<n>-?\d+)" if name == "n" else f"(?P<{name}>.+?)")
    return re.compile("".join(parts), re.DOTALL)


def _prefer(messages: list[Message], owners: tuple[str, ...]) -> Message:
    for owner in owners:
        for message in messages:
            if message.context == owner:
                return message
    return messages[0]


@cache
def catalog() -> Catalog:
    folder = resources_dir() / "translations"
    try:
        return Catalog.load(folder)
    except (OSError, ET.ParseError) as error:
        # Without the .ts sources texts already on screen keep their language until they are
        # shown again; a restart shows everything in the new one. Never worth a crash.
        log.error("cannot read the translation sources in %s: %s", folder, error)
        return Catalog()


# --- the texts a widget shows ----------------------------------------------------------------


@dataclass(frozen=True)
class TextSlot:
    """One text a widget shows or tells a screen reader, with how to change it."""

    widget: QWidget
    kind: str  # "text", "placeholder", "tooltip", "title", "tab", "header", "cell", "item"…
    text: str
    set: Callable[[str], None]
    data: bool = False  # a table cell or list entry: may hold names and product names


def text_slots(root: QWidget) -> Iterator[TextSlot]:
    """Every text of `root` and the widgets in it, visible or not."""
    for widget in [root, *root.findChildren(QWidget)]:
        yield from _slots(widget)


def _slots(widget: QWidget) -> Iterator[TextSlot]:
    if widget.isWindow():
        yield TextSlot(widget, "title", widget.windowTitle(), widget.setWindowTitle)
    yield TextSlot(widget, "tooltip", widget.toolTip(), widget.setToolTip)
    yield TextSlot(widget, "accessible name", widget.accessibleName(), widget.setAccessibleName)
    yield TextSlot(widget, "accessible description", widget.accessibleDescription(),
                   widget.setAccessibleDescription)
    if isinstance(widget, QLabel | QAbstractButton):
        yield TextSlot(widget, "text", widget.text(), widget.setText)
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit | QComboBox):
        yield TextSlot(widget, "placeholder", widget.placeholderText(),
                       widget.setPlaceholderText)
    if isinstance(widget, QGroupBox):
        yield TextSlot(widget, "title", widget.title(), widget.setTitle)
    if isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield TextSlot(widget, "tab", widget.tabText(i), partial(widget.setTabText, i))
    if isinstance(widget, QComboBox):
        for i in range(widget.count()):
            yield TextSlot(widget, "item", widget.itemText(i), partial(widget.setItemText, i),
                           data=True)
    if isinstance(widget, QListWidget):
        for i in range(widget.count()):
            entry = widget.item(i)
            yield TextSlot(widget, "item", entry.text(), entry.setText, data=True)
    if isinstance(widget, QTableWidget):
        yield from _table_slots(widget)
    elif isinstance(widget, QTableView) and _our_model(widget) is not None:
        yield from _model_slots(widget)


def _table_slots(table: QTableWidget) -> Iterator[TextSlot]:
    for column in range(table.columnCount()):
        header = table.horizontalHeaderItem(column)
        if header is not None:
            yield TextSlot(table, "header", header.text(), header.setText)
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            cell = table.item(row, column)
            if cell is not None:
                yield TextSlot(table, "cell", cell.text(), cell.setText, data=True)


def _our_model(view: QAbstractItemView) -> QAbstractItemModel | None:
    model = view.model()
    return model if model is not None and type(model).__module__.startswith("ui.") else None


def _model_slots(view: QTableView) -> Iterator[TextSlot]:
    """What a table over one of our models shows. Its texts live in the model: they are
    changed there (`retranslate_model`), the slots only report them."""
    model = view.model()
    display = Qt.ItemDataRole.DisplayRole
    for column in range(model.columnCount()):
        yield TextSlot(view, "header", str(model.headerData(column, Qt.Orientation.Horizontal,
                                                            display) or ""), _unchanged)
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            yield TextSlot(view, "cell", str(model.data(model.index(row, column), display)
                                             or ""), _unchanged, data=True)


def _unchanged(_text: str) -> None:
    """Texts only a model can change."""


def retranslate_model(model: QAbstractItemModel, old: str, new: str,
                      owners_: tuple[str, ...]) -> None:
    """Our item models keep the translated words they show (headers, state names) in plain
    attributes: str, lists and tuples of str, and the values of dicts of str."""
    book = catalog()

    def translated(value: object) -> object:
        if isinstance(value, str):
            return book.translate(value, old, new, owners_)
        if isinstance(value, list | tuple) and value and all(isinstance(v, str) for v in value):
            return type(value)(book.translate(v, old, new, owners_) for v in value)
        if isinstance(value, dict) and value and all(isinstance(v, str)
                                                     for v in value.values()):
            return {key: book.translate(v, old, new, owners_) for key, v in value.items()}
        return value

    for name, value in list(vars(model).items()):
        changed = translated(value)
        if changed != value:
            setattr(model, name, changed)
    if model.columnCount() > 0:
        model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)
    if model.rowCount() > 0 and model.columnCount() > 0:
        model.dataChanged.emit(model.index(0, 0),
                               model.index(model.rowCount() - 1, model.columnCount() - 1))


def owners(widget: QWidget) -> tuple[str, ...]:
    """Class names of the widget and its parents: the tr() contexts its texts came from."""
    names: list[str] = []
    current: QWidget | None = widget
    while current is not None:
        names.extend(kind.__name__ for kind in type(current).__mro__[:3])
        current = current.parentWidget()
    return tuple(names)


def retranslate(root: QWidget, old: str, new: str) -> int:
    """Show every known message in `root` in `new` instead of `old` (the new translators
    must be installed). Returns how many texts changed."""
    book = catalog()
    changed = 0
    for view in root.findChildren(QTableView):
        model = _our_model(view)
        if model is not None:
            retranslate_model(model, old, new, owners(view))
    for slot in list(text_slots(root)):
        text = book.translate(slot.text, old, new, owners(slot.widget))
        if text != slot.text:
            slot.set(text)
            changed += 1
    return changed
