"""How the portal is served: one place for the ASGI server and its options.

    python -m portal.serve --host 0.0.0.0 --port 8000 [application]

`bin/web` (the Procfile), `make run`, the browser tests and the benchmark
all start the portal through this module, so they run what production runs.

The server is uvicorn on uvloop, with httptools for HTTP and the websockets
library for websockets. Measured against daphne on the same machine in the
same run (bench/chat.py; figures in bench/README.md), a chat message costs
less CPU, and a chat message sent while 2,000 waiting askers get their new
place is acked about as fast as one sent in a quiet moment.

Proxy headers: behind a load balancer the server may take the client's
address and scheme from X-Forwarded-For and X-Forwarded-Proto. That is on
when PROXY_HEADERS is true or, when it is unset, when TRUSTED_PROXY_COUNT is
above 0; otherwise the headers are ignored. See "Behind a load balancer" in
README.md: the portal's own limits never trust the address the server sets.
"""

import argparse
import os
import sys

APPLICATION = "portal.asgi:application"
# Frames above this close the socket with 1009 (message too big) before the
# consumer reads them; the consumer refuses frames over 16,384 characters
# with an error frame and keeps the socket (chat/PROTOCOL.md).
WS_MAX_SIZE = 1024 * 1024
TRUE = {"1", "true", "yes", "on"}


def proxy_headers(environ):
    """Whether to believe X-Forwarded-For/-Proto, from the environment."""
    explicit = environ.get("PROXY_HEADERS", environ.get("DAPHNE_PROXY_HEADERS", ""))
    if explicit.strip():
        return explicit.strip().lower() in TRUE
    count = environ.get("TRUSTED_PROXY_COUNT", "0").strip() or "0"
    if not count.isdigit():
        raise SystemExit(f"TRUSTED_PROXY_COUNT must be a whole number, not {count!r}")
    return int(count) > 0


def options(host, port, environ):
    """Keyword arguments for uvicorn.run."""
    behind_proxy = proxy_headers(environ)
    return {
        "host": host,
        "port": port,
        "loop": "uvloop",
        "http": "httptools",
        "ws": "websockets-sansio",
        "ws_max_size": WS_MAX_SIZE,
        # Chat frames are a few hundred bytes: compressing them costs CPU and
        # a zlib context per socket (tens of KB each), and saves nothing.
        "ws_per_message_deflate": False,
        "lifespan": "off",
        "proxy_headers": behind_proxy,
        # Behind the proxy only the proxy reaches the server.
        "forwarded_allow_ips": "*" if behind_proxy else None,
        "server_header": False,
        # The portal logs each request itself (portal.logs), with its id.
        "access_log": False,
        "log_level": environ.get("SERVER_LOG_LEVEL", "info").lower(),
        "timeout_graceful_shutdown": 10,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("application", nargs="?", default=APPLICATION)
    args = parser.parse_args(argv)

    import uvicorn

    uvicorn.run(args.application, **options(args.host, args.port, os.environ))


if __name__ == "__main__":
    sys.exit(main())
