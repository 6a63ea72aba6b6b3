from .base import *

# Hardening last so it wins; refuses to start without a real DJANGO_SECRET_KEY. It sets the
# session and CSRF cookies Secure with SameSite=Lax.
from servicekit.conf.production import *  # isort: skip
