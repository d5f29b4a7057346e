"""The portal's settings for `make bench`'s server: the real ones, plus the floor's URL and a
query counter. Never used outside the benchmark, so the real URLs (and the access matrix)
stay as they are."""

from plgportal.settings import *  # noqa: F403
from plgportal.settings import MIDDLEWARE

ROOT_URLCONF = "tests.benchmarks.urls"
# First, so it counts the queries of every other middleware too.
MIDDLEWARE = ["tests.benchmarks.floor.QueryCountMiddleware", *MIDDLEWARE]
