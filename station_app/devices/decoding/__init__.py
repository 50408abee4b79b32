"""Reading QR and barcodes in camera frames: decoder back-ends and the scan pipeline.

Nothing here imports Qt; the window runs the pipeline on its decoding thread (scan loop).
"""

from station_app.devices.decoding.backends import (
    COUNTER_FORMATS,
    DecodedCode,
    Decoder,
    PyzbarDecoder,
    ZxingDecoder,
    make_decoder,
)
from station_app.devices.decoding.pipeline import FrameResult, ScanPipeline

__all__ = ["COUNTER_FORMATS", "DecodedCode", "Decoder", "FrameResult", "PyzbarDecoder",
           "ScanPipeline", "ZxingDecoder", "make_decoder"]
