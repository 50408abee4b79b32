"""Label printers (标签打印机): bag and shelf labels on 40×30, 50×30 or 60×40 mm stock.

`label.py` is the document model (what goes where, in printer dots), `layouts.py` lays the
station's documents out on a stock, `tspl.py` and `zpl.py` turn a label into the two languages
the printers speak, `label_printers.py` delivers the bytes and `label_status.py` reads what a
TSPL or ZPL printer says about itself.
"""
