from .base import *

# Hardening last so it wins; refuses to start without a real DJANGO_SECRET_KEY.
from servicekit.conf.production import *  # isort: skip
