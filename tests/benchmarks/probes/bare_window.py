"""Baseline of the start-up: a bare PySide6 window (QApplication, a QMainWindow of the app's
size, shown), leaving once the event loop has turned, as the probe does."""

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def done():
    with open("/proc/self/status", encoding="ascii") as f:  # the peak RSS, as the probe reports it
        hwm = next((line.split()[1] for line in f if line.startswith("VmHWM:")), "0")
    sys.stdout.write(f'{{"peak_rss_kb": {hwm}}}\n')
    sys.stdout.flush()
    os._exit(0)


app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, done)
app.exec()
