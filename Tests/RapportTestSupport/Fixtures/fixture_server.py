"""What the fixture servers share: records written whole, and an HTTP server on a free loopback
port that reports its port and stops when the test's end of standard input closes."""

import http.server
import os
import sys
import threading


def write_atomically(path, text):
    """Writes `text` to `path` so a reader never sees half a record."""
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as file:
        file.write(text)
    os.rename(temporary, path)


def reply_json(handler, status, payload, headers=None):
    """Answers `handler`'s request with `status` and the bytes `payload` as JSON."""
    handler.send_response(status)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(payload)))
    handler.end_headers()
    handler.wfile.write(payload)


def serve_http(handler):
    """Serves `handler` on 127.0.0.1, prints the port once it accepts connections, and returns
    when standard input closes, so a crashed test run leaves no server behind."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(server.server_address[1], flush=True)
    while os.read(sys.stdin.fileno(), 1024):
        pass
    server.shutdown()
