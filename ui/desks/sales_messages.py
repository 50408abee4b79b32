"""What the sales desk says to staff: its banners and refusals, in Chinese and English."""

from __future__ import annotations

from PySide6.QtCore import QObject

from station_app.devices.sale_receipt import PaymentMethod
from station_app.money import format_fen
from station_app.services.sales import MAX_QUANTITY, SaleRefusal, SaleRefused, SaleView
from ui.desks.sales_scale_words import SCALE_REFUSALS, ScaleWords
from ui.messages import Banner, Severity


class SalesMessages(QObject):
    def method(self, method: PaymentMethod) -> str:
        match method:
            case PaymentMethod.CASH:
                return self.tr("Cash")
            case PaymentMethod.WECHAT:
                return self.tr("WeChat Pay")
            case PaymentMethod.ALIPAY:
                return self.tr("Alipay")
            case PaymentMethod.CARD:
                return self.tr("Bank card")

    def sold(self, sale: SaleView) -> Banner:
        if sale.change_fen is not None:
            title = (self.tr("Sale %1 total %2, change %3").replace("%1", sale.sale_no)
                     .replace("%2", format_fen(sale.total_fen))
                     .replace("%3", format_fen(sale.change_fen)))
        else:
            title = (self.tr("Sale %1 total %2, paid by %3").replace("%1", sale.sale_no)
                     .replace("%2", format_fen(sale.total_fen))
                     .replace("%3", self.method(sale.payment_method)))
        return Banner(Severity.OK, title, self.tr("The receipt is printing. Scan the next "
                                                  "customer's goods."))

    def refunded(self, refund: SaleView) -> Banner:
        return Banner(
            Severity.OK,
            self.tr("Refund %1: pay back %2").replace("%1", refund.sale_no)
            .replace("%2", format_fen(refund.total_fen)),
            self.tr("Give the customer %1 by %2; the goods are back in stock. The refund "
                    "receipt is printing.").replace("%1", format_fen(refund.total_fen))
            .replace("%2", self.method(refund.payment_method)))

    def no_shift(self, refund: bool) -> Banner:
        """Cash with no shift open: no drawer would take (or pay back) the money."""
        return Banner(Severity.WARN, self.tr("No shift open"),
                      self.tr("Cash needs the drawer of your shift. Press Ctrl+O to open one "
                              "with its float; the refund waits.") if refund else
                      self.tr("Cash needs the drawer of your shift. Press Ctrl+O to open one "
                              "with its float; the sale waits. WeChat Pay, Alipay and card "
                              "(Ctrl+2…4) need no shift."))

    def typed_amount_unreadable(self, text: str) -> Banner:
        return Banner(Severity.STOP, self.tr("Not an amount: %1").replace("%1", text[:20]),
                      self.tr("Type the amount in yuan, for example 100 or 12.50, and press "
                              "Enter."))

    def bad_quantity(self, text: str) -> Banner:
        return Banner(Severity.STOP, self.tr("Not a quantity: %1").replace("%1", text[:20]),
                      self.tr("Type * and a number from 1 to %1 (for example *3), then Enter.")
                      .replace("%1", str(MAX_QUANTITY)))

    # --- what the desk says as staff work ---------------------------------------------------

    def cart_changed(self, name: str, quantity: int | None, total_fen: int) -> Banner:
        """Every change of the cart says the line and the new total (quantity None: removed)."""
        title = self.tr("%1 removed").replace("%1", name) if quantity is None else \
            f"{name} × {quantity}"
        return Banner(Severity.OK, title,
                      self.tr("Total now %1. Scan the next item, or press Enter to take "
                              "payment.").replace("%1", format_fen(total_fen)))

    def empty_cart_asked(self, units: int) -> Banner:
        return Banner(Severity.WARN, self.tr("Empty the cart?"),
                      self.tr("Press Esc again to remove all %n item(s).", "", units))

    def discount_asked(self, amount_fen: int) -> str:
        """What the manager is asked to approve."""
        return self.tr("a discount of %1").replace("%1", format_fen(amount_fen))

    def no_discount(self) -> Banner:
        return Banner(Severity.INFO, self.tr("No discount"),
                      self.tr("The manager did not approve it; the price stays."))

    def to_pay(self, total_fen: int, method: PaymentMethod) -> str:
        total = format_fen(total_fen)
        if method is PaymentMethod.CASH:
            return self.tr("To pay: %1").replace("%1", total)
        return self.tr("To pay: %1 by %2").replace("%1", total).replace("%2", self.method(method))

    def cash_given_needed(self) -> Banner:
        return Banner(Severity.INFO, self.tr("Type the cash given"),
                      self.tr("Type what the customer handed over (e.g. 100) and press "
                              "Enter; the change shows here."))

    def shift_is_open(self, shift_no: str) -> Banner:
        return Banner(Severity.INFO, self.tr("Shift %1 is open").replace("%1", shift_no),
                      self.tr("Cash goes into its drawer."))

    def shift_opened(self, shift_no: str, float_fen: int, detail: str) -> Banner:
        return Banner(Severity.OK, self.tr("Shift %1 opened with float %2").replace(
            "%1", shift_no).replace("%2", format_fen(float_fen)), detail)

    def refund_started(self, prompt: str) -> Banner:
        return Banner(Severity.INFO, self.tr("Refund: scan the sale receipt"), prompt)

    def refund_asked(self, sale_no: str) -> str:
        """What the manager is asked to approve."""
        return self.tr("a refund of %1").replace("%1", sale_no)

    def refund_not_approved(self) -> Banner:
        return Banner(Severity.INFO, self.tr("Refund not approved"),
                      self.tr("Nothing was refunded. Press Enter to ask again, or Esc to leave "
                              "the refund."))

    # --- refusals ---------------------------------------------------------------------------

    def refused(self, error: SaleRefused) -> Banner:
        """A refusal of the sales service as a banner: "%1" in a title is the refusal's detail."""
        if error.reason is SaleRefusal.NO_SHIFT:
            return self.no_shift(refund=False)
        if error.reason in SCALE_REFUSALS:  # scale labels and weighed packs: sales_scale.py
            return ScaleWords(self).refused(error)
        words = self._cart_refusals() | self._payment_refusals() | self._refund_refusals()
        severity, title, detail = words[error.reason]
        return Banner(severity, title.replace("%1", error.detail), detail)

    def _cart_refusals(self) -> dict[SaleRefusal, tuple[Severity, str, str]]:
        stop, most = Severity.STOP, str(MAX_QUANTITY)
        quantity = (stop, self.tr("Quantity not accepted: %1"),
                    self.tr("Nothing was sold. Quantities are whole numbers from 1 to %1.")
                    .replace("%1", most))
        changed = (stop, self.tr("The catalogue changed: %1"),
                   self.tr("Nothing was sold. Press Esc twice to empty the cart and scan the "
                           "goods again."))
        return {
            SaleRefusal.UNKNOWN_BARCODE: (
                stop, self.tr("No item with barcode %1"),
                self.tr("Nothing was added. Scan the item again, or type its SKU from the "
                        "shelf label (e.g. VEG-001).")),
            SaleRefusal.EMPTY_CART: (Severity.INFO, self.tr("The cart is empty"),
                                     self.tr("Scan the customer's goods first.")),
            SaleRefusal.BAD_QUANTITY: quantity,
            SaleRefusal.DUPLICATE_LINE: quantity,
            SaleRefusal.UNKNOWN_SKU: changed,
            SaleRefusal.PRICE_CHANGED: changed,
            SaleRefusal.NOT_ALLOWED: (
                stop, self.tr("This staff account may not sell"),
                self.tr("Nothing was recorded. Sign in with an active account.")),
            SaleRefusal.NEEDS_MANAGER: (
                stop, self.tr("A manager must approve this"),
                self.tr("Nothing was recorded. Ask the station manager to approve, then try "
                        "again.")),
            SaleRefusal.BAD_DISCOUNT: (
                stop, self.tr("Discount not accepted"),
                self.tr("A discount cannot be negative or more than the subtotal. Press "
                        "Ctrl+D to set it again.")),
            SaleRefusal.OVERSELL_NEEDS_REASON: (
                Severity.WARN, self.tr("More than the book shows: %1"),
                self.tr("Type why the goods are here (for example 'delivery not booked') and "
                        "press Enter.")),
        }

    def _payment_refusals(self) -> dict[SaleRefusal, tuple[Severity, str, str]]:
        stop = Severity.STOP
        return {
            SaleRefusal.BAD_PAYMENT_METHOD: (
                stop, self.tr("Unknown payment method"),
                self.tr("Choose cash, WeChat Pay, Alipay or card (Ctrl+1…4).")),
            SaleRefusal.CASH_SHORT: (
                stop, self.tr("Not enough cash given"),
                self.tr("Nothing was sold. Type the cash the customer gave (at least the "
                        "total) and press Enter.")),
            SaleRefusal.CASH_ABSURD: (
                stop, self.tr("Type the cash given"),
                self.tr("The amount is missing or far above the total. Type what the "
                        "customer gave and press Enter.")),
            SaleRefusal.PAYMENT_REF_MISSING: (
                stop, self.tr("Payment reference missing"),
                self.tr("Scan or type the transaction number shown on the customer's phone "
                        "or the card slip, then press Enter.")),
            SaleRefusal.BAD_PAYMENT_REF: (
                stop, self.tr("Not a payment reference"),
                self.tr("A reference is 4 to 64 letters and digits. Scan or type it again.")),
        }

    def _refund_refusals(self) -> dict[SaleRefusal, tuple[Severity, str, str]]:
        stop = Severity.STOP
        return {
            SaleRefusal.UNKNOWN_SALE: (
                stop, self.tr("No sale with receipt code %1"),
                self.tr("Nothing was refunded. Scan the QR code on the sale receipt, or type "
                        "its number (S-…).")),
            SaleRefusal.REFUND_OF_REFUND: (
                stop, self.tr("%1 is a refund receipt"),
                self.tr("A refund cannot be refunded. Scan the original sale receipt.")),
            SaleRefusal.NOT_SOLD: (
                stop, self.tr("Not sold on this receipt: %1"),
                self.tr("Nothing was refunded. Only goods on this receipt can come back "
                        "here.")),
            SaleRefusal.MORE_THAN_SOLD: (
                stop, self.tr("More than was sold: %1"),
                self.tr("Nothing was refunded. Only what was sold and not yet refunded can "
                        "come back.")),
            SaleRefusal.NOTHING_TO_REFUND: (
                Severity.INFO, self.tr("Nothing chosen to refund"),
                self.tr("Pick lines with ↑ ↓ and press + or Space, or scan the returned "
                        "goods.")),
            SaleRefusal.REASON_MISSING: (stop, self.tr("A reason is needed"),
                                         self.tr("Type the reason and press Enter.")),
        }
