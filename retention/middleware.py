"""One write to the access log per request (services.one_access_log_write)."""

from .services import one_access_log_write


class AccessLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with one_access_log_write():
            return self.get_response(request)
