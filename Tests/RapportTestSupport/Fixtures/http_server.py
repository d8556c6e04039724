"""A real HTTP server for RapportTransportTests, on the standard library's http.server.

Usage: /usr/bin/python3 http_server.py DIRECTORY

Reads DIRECTORY/responses.json, a list of {"status": 429, "headers": {"Retry-After": "120"},
"body": "..."}, and answers the Nth request with the Nth entry (the last one again once the list
runs out). Listens on a free loopback port and prints the port on one line once it accepts
connections. Every request is written to DIRECTORY/request-NNNN.json (method, path, headers as
[name, value] pairs in the order received, peer_port, body as base64 of the exact bytes) before
it is answered. Speaks HTTP/1.1 with keep-alive, so connection reuse shows in peer_port. Exits
when its standard input closes, so a crashed test run leaves no server behind.
"""

import base64
import http.server
import itertools
import json
import os
import sys
import threading

from fixture_server import reply_json, serve_http, write_atomically


def make_handler(directory, responses):
    numbers = itertools.count(1)
    lock = threading.Lock()

    class RecordingHandler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            self.answer()

        def do_PUT(self):
            self.answer()

        def answer(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            with lock:
                number = next(numbers)
                record = {
                    "method": self.command,
                    "path": self.path,
                    "headers": [[name, value] for name, value in self.headers.items()],
                    "peer_port": self.client_address[1],
                    "body": base64.b64encode(body).decode("ascii"),
                }
                write_atomically(os.path.join(directory, f"request-{number:04}.json"), json.dumps(record))
            response = responses[min(number, len(responses)) - 1]
            reply_json(self, response["status"], response.get("body", "").encode("utf-8"), response.get("headers"))

        def log_message(self, format, *args):
            pass

    return RecordingHandler


def main(directory):
    with open(os.path.join(directory, "responses.json"), encoding="utf-8") as file:
        responses = json.load(file)
    serve_http(make_handler(directory, responses))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
