"""The benchmark's yardstick and its query counter (tests/benchmarks/settings.py).

The floor is the least a portal page can cost: a bare Django view that reads one table for a
signed-in user, behind the same middleware as every page. A page's figures are read as a
ratio to the floor's, measured in the same run, so a busy or slow machine shifts both.
"""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from plgportal.calls.models import Call

COUNT_REQUEST_HEADER = "X-Bench-Count-Queries"
COUNT_RESPONSE_HEADER = "X-Bench-Queries"


@login_required
def floor(request):
    titles = Call.objects.order_by("pk").values_list("title", flat=True)[:20]
    items = "".join(f"<li>{escape(title)}</li>" for title in titles)
    return HttpResponse(f"<!doctype html><title>floor</title><ul>{items}</ul>")


class QueryCountMiddleware:
    """On requests that ask for it (the benchmark's warm-up request), answers with the number
    of database queries the request made; other requests pay nothing for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if COUNT_REQUEST_HEADER not in request.headers:
            return self.get_response(request)
        with CaptureQueriesContext(connection) as queries:
            response = self.get_response(request)
        response[COUNT_RESPONSE_HEADER] = str(len(queries))
        return response
