"""The Flask stack alone as a WSGI app, for gunicorn and Granian (`flask_wsgi:app`)."""

from __future__ import annotations

from cronjobs import legacy
from cronjobs.settings import load_settings

# As src/cronjobs/main.py builds it for the gateway, but with no scheduler (SCHEDULER_ENABLED is
# false in the benchmark) and nothing in front of it: no gateway, no limits, no throttle.
app = legacy.create_app(load_settings())
