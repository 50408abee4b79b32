"""The manager's doors: settings (F2), health (F3), the audit log (Ctrl+Shift+A) and staff
accounts (Ctrl+Shift+S). Each opens after a manager's PIN (the audit log straight away for a
manager at the counter); the services check the role again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from station_app.care.health import LiveDevices
from station_app.config import Settings
from sync.client.service import SyncService
from ui.audit_dialog import AuditDialog
from ui.health_dialog import HealthDialog
from ui.staff_dialog import StaffDialog

if TYPE_CHECKING:
    from ui.main_window import CounterWindow


class BackOffice(QObject):
    settings_saved = Signal(object)  # Settings, applied by the window (others follow them)

    def __init__(self, window: CounterWindow) -> None:
        super().__init__(window)
        self.window = window
        self.health_dialog: HealthDialog | None = None

    def open_settings(self) -> None:
        """F2: settings, after a manager's PIN (every first-run step can be revisited)."""
        self.window.ask_manager(self.tr("change the settings"), self._settings_approved)

    def _settings_approved(self, approver: int | None) -> None:
        if approver is None:
            return
        # Imported when first wanted: its printer, scanner and enrolment panels would add
        # about 0.1 s to every start of the counter.
        from ui.settings.dialog import SettingsDialog  # noqa: PLC0415

        window, counter = self.window, self.window.counter
        verify = counter.settings.sync_ca_bundle or True
        dialog = SettingsDialog(
            counter, approver, window.context.run, window.camera.make or (lambda _s: None),
            lambda: SyncService(counter.db, counter.data_dir.root, verify=verify,
                                allow_insecure=counter.settings.allow_insecure_lan),
            self.open_health, window)
        dialog.saved.connect(self._apply)
        dialog.finished.connect(lambda _code, dialog=dialog: dialog.deleteLater())
        dialog.open()

    def _apply(self, settings: Settings) -> None:
        self.window.apply_settings(settings)
        self.settings_saved.emit(settings)

    def open_health(self) -> HealthDialog:
        """F3: the health panel (checks run off the GUI thread)."""
        window = self.window
        dialog = HealthDialog(window.counter, self.live_devices, window, window.ask_manager)
        dialog.finished.connect(lambda _code, dialog=dialog: dialog.deleteLater())
        self.health_dialog = dialog
        dialog.open()
        return dialog

    def live_devices(self) -> LiveDevices:
        """What the window knows of its printer and camera right now."""
        camera, printer = self.window.camera, self.window.status.printer
        status = camera.status
        decode_fps, decode_ms = camera.decode_rate()
        return LiveDevices(
            printer_state=printer.state, printer_text=printer.accessibleDescription(),
            camera_state=status.health.value if status and camera.worker else None,
            camera_fps=status.fps if status else 0.0, decode_fps=decode_fps,
            decode_ms=decode_ms)

    def open_audit(self) -> None:
        """Ctrl+Shift+A: the audit log, for a manager (a clerk needs a manager's PIN)."""
        context = self.window.context
        if context.cashier_is_manager:
            self._show_audit(context.staff_id)
        else:
            self.window.ask_manager(self.tr("viewing the audit log"), self._show_audit)

    def _show_audit(self, approver: int | None) -> None:
        if approver is not None:
            AuditDialog(self.window.counter.db, self.window.context.run, self.window).open()

    def open_staff(self) -> None:
        """Ctrl+Shift+S: staff accounts, always after a manager's PIN (their id does the
        changes, and the service checks it again)."""
        self.window.ask_manager(self.tr("manage staff"), self._show_staff)

    def _show_staff(self, approver: int | None) -> None:
        if approver is None:
            return
        window = self.window
        dialog = StaffDialog(window.staff.staff_desk, approver, window.context.run, window)
        dialog.finished.connect(lambda _code, dialog=dialog: dialog.deleteLater())
        dialog.open()
