"""What the sales desk says to staff: refusals turned into banners, in Chinese and English."""

from __future__ import annotations

from PySide6.QtCore import QObject

from station_app.devices.sale_receipt import PaymentMethod
from station_app.money import format_fen
from station_app.services.sales import MAX_QUANTITY, SaleRefusal, SaleRefused, SaleView
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

    def refused(self, error: SaleRefused) -> Banner:
        detail = error.detail
        stop = Severity.STOP
        match error.reason:
            case SaleRefusal.UNKNOWN_BARCODE:
                return Banner(stop, self.tr("No item with barcode %1").replace("%1", detail),
                              self.tr("Nothing was added. Scan the item again, or type its "
                                      "SKU from the shelf label (e.g. VEG-001)."))
            case SaleRefusal.EMPTY_CART:
                return Banner(Severity.INFO, self.tr("The cart is empty"),
                              self.tr("Scan the customer's goods first."))
            case SaleRefusal.BAD_QUANTITY | SaleRefusal.DUPLICATE_LINE:
                return Banner(stop, self.tr("Quantity not accepted: %1").replace("%1", detail),
                              self.tr("Nothing was sold. Quantities are whole numbers from 1 "
                                      "to %1.").replace("%1", str(MAX_QUANTITY)))
            case SaleRefusal.UNKNOWN_SKU | SaleRefusal.PRICE_CHANGED:
                return Banner(stop, self.tr("The catalogue changed: %1").replace("%1", detail),
                              self.tr("Nothing was sold. Press Esc twice to empty the cart and "
                                      "scan the goods again."))
            case SaleRefusal.NOT_ALLOWED:
                return Banner(stop, self.tr("This staff account may not sell"),
                              self.tr("Nothing was recorded. Sign in with an active account."))
            case SaleRefusal.NEEDS_MANAGER:
                return Banner(stop, self.tr("A manager must approve this"),
                              self.tr("Nothing was recorded. Ask the station manager to "
                                      "approve, then try again."))
            case SaleRefusal.BAD_DISCOUNT:
                return Banner(stop, self.tr("Discount not accepted"),
                              self.tr("A discount cannot be negative or more than the "
                                      "subtotal. Press Ctrl+D to set it again."))
            case SaleRefusal.BAD_PAYMENT_METHOD:
                return Banner(stop, self.tr("Unknown payment method"),
                              self.tr("Choose cash, WeChat Pay, Alipay or card (Ctrl+1…4)."))
            case SaleRefusal.CASH_SHORT:
                return Banner(stop, self.tr("Not enough cash given"),
                              self.tr("Nothing was sold. Type the cash the customer gave (at "
                                      "least the total) and press Enter."))
            case SaleRefusal.CASH_ABSURD:
                return Banner(stop, self.tr("Type the cash given"),
                              self.tr("The amount is missing or far above the total. Type "
                                      "what the customer gave and press Enter."))
            case SaleRefusal.PAYMENT_REF_MISSING:
                return Banner(stop, self.tr("Payment reference missing"),
                              self.tr("Scan or type the transaction number shown on the "
                                      "customer's phone or the card slip, then press Enter."))
            case SaleRefusal.BAD_PAYMENT_REF:
                return Banner(stop, self.tr("Not a payment reference"),
                              self.tr("A reference is 4 to 64 letters and digits. Scan or "
                                      "type it again."))
            case SaleRefusal.OVERSELL_NEEDS_REASON:
                return Banner(Severity.WARN, self.tr("More than the book shows: %1")
                              .replace("%1", detail),
                              self.tr("Type why the goods are here (for example 'delivery "
                                      "not booked') and press Enter."))
            case SaleRefusal.UNKNOWN_SALE:
                return Banner(stop, self.tr("No sale with receipt code %1")
                              .replace("%1", detail),
                              self.tr("Nothing was refunded. Scan the QR code on the sale "
                                      "receipt, or type its number (S-…)."))
            case SaleRefusal.REFUND_OF_REFUND:
                return Banner(stop, self.tr("%1 is a refund receipt").replace("%1", detail),
                              self.tr("A refund cannot be refunded. Scan the original sale "
                                      "receipt."))
            case SaleRefusal.NOT_SOLD:
                return Banner(stop, self.tr("Not sold on this receipt: %1")
                              .replace("%1", detail),
                              self.tr("Nothing was refunded. Only goods on this receipt can "
                                      "come back here."))
            case SaleRefusal.MORE_THAN_SOLD:
                return Banner(stop, self.tr("More than was sold: %1").replace("%1", detail),
                              self.tr("Nothing was refunded. Only what was sold and not yet "
                                      "refunded can come back."))
            case SaleRefusal.NOTHING_TO_REFUND:
                return Banner(Severity.INFO, self.tr("Nothing chosen to refund"),
                              self.tr("Pick lines with ↑ ↓ and press + or Space, or scan the "
                                      "returned goods."))
            case SaleRefusal.REASON_MISSING:
                return Banner(stop, self.tr("A reason is needed"),
                              self.tr("Type the reason and press Enter."))
            case SaleRefusal.NO_SHIFT:
                return self.no_shift(refund=False)
