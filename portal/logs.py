"""Logs an operator can use, and that hold nothing about anyone's health.

Every line carries the time, the level, the request id and the user id (a
number, never a name or an address). Each request writes one line with its
method, path (without the query string, which can hold search words),
status and duration. Client errors (4xx) are logged without a traceback;
server errors (5xx) with one. Form data never reaches a log or an error
report: the exception reporter cleanses all of it.
"""

import contextvars
import json
import logging
import re
import time
import uuid

from django.views.debug import SafeExceptionReporterFilter

_context = contextvars.ContextVar("werkbehoud_request", default=None)
REQUEST_ID_HEADER = "X-Request-ID"
# A request id from a load balancer is kept if it looks like one.
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

logger = logging.getLogger("werkbehoud.requests")


class RequestContextMiddleware:
    """Gives each request an id (or keeps a valid one from the proxy), puts
    it and the user's id on every log line, and logs the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        context = {"request_id": request_id, "user_id": None}
        token = _context.set(context)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                context["user_id"] = user.pk
            response[REQUEST_ID_HEADER] = request_id
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status_code": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            _context.reset(token)


class RequestContextFilter(logging.Filter):
    """Adds request_id and user_id to every record (None outside requests)."""

    def filter(self, record):
        context = _context.get() or {}
        record.request_id = context.get("request_id")
        record.user_id = context.get("user_id")
        return True


class NoTracebackForClientErrors(logging.Filter):
    """Django logs a 403 or 404 with the exception that caused it; for a
    client error that is noise. A 5xx keeps its traceback."""

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class JsonFormatter(logging.Formatter):
    FIELDS = ("method", "path", "status_code", "duration_ms")

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S")
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "user_id": getattr(record, "user_id", None),
        }
        for field in self.FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)

    converter = time.gmtime


class TextFormatter(logging.Formatter):
    """For a developer's terminal: the same fields, on one readable line."""

    def __init__(self):
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s [%(request_id)s user=%(user_id)s] "
            "%(message)s"
        )


class NoFormDataFilter(SafeExceptionReporterFilter):
    """Error reports (to ADMINS or the error tracker) leave out all form and
    query data: it may be anything an employee or supervisor typed."""

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        return [("(hidden)", self.cleansed_substitute)]


def logging_config(log_format, level):
    """The LOGGING setting: JSON lines in production, text in development."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_context": {"()": "portal.logs.RequestContextFilter"},
            "no_client_tracebacks": {"()": "portal.logs.NoTracebackForClientErrors"},
        },
        "formatters": {
            "json": {"()": "portal.logs.JsonFormatter"},
            "text": {"()": "portal.logs.TextFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["request_context", "no_client_tracebacks"],
            },
            "mail_admins": {
                "class": "django.utils.log.AdminEmailHandler",
                "level": "ERROR",
                "filters": ["request_context"],
                "include_html": False,
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.request": {
                "level": "WARNING",
                "handlers": ["console", "mail_admins"],
                "propagate": False,
            },
            # Wagtail logs every page action and background task at INFO.
            "wagtail": {"level": "WARNING"},
            "django_tasks": {"level": "WARNING"},
            # The scheduler logs every run; the worker logs what each job did.
            "apscheduler": {"level": "WARNING"},
        },
    }
