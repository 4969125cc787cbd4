"""Baseline of the start-up: a bare PySide6 window (QApplication, a QMainWindow of the app's
size, shown), leaving once the event loop has turned, as the probe does."""

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def done():
    sys.stdout.flush()
    os._exit(0)


app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, done)
app.exec()
