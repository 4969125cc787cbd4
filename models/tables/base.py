"""Old migration revisions import their column type from here; it lives in models.core.types."""
from models.core.types import UTCDateTime  # noqa: F401
