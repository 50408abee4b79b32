"""An independent reader of label printer bytes: a TSPL and a ZPL II interpreter that draw a
label the way the printer would, written from the two programming manuals and apart from the
app's generators (nothing here imports station_app.devices.labels)."""
