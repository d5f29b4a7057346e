from django.urls import path

from plgportal.urls import urlpatterns as portal_urlpatterns
from tests.benchmarks.floor import floor

urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *portal_urlpatterns]
