"""The settings the test suite runs under: the product's own, with a fast password hasher.

The production hasher (PBKDF2 at Django's default work factor) spends about 0.3 s of CPU per
password on purpose; the suite creates and signs in several hundred people. The MD5 hasher is
Django's documented choice for tests. The servers and workers that tests start in processes
of their own inherit these settings through ``DJANGO_SETTINGS_MODULE``.
"""

from techbridge.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Django's test client loads the middleware for every client: WhiteNoise lists the static
# files once per process instead of once per client (techbridge.testing.static).
MIDDLEWARE = [
    "techbridge.testing.static.WhiteNoiseListedOnce"
    if name == "whitenoise.middleware.WhiteNoiseMiddleware"
    else name
    for name in MIDDLEWARE  # noqa: F405
]
