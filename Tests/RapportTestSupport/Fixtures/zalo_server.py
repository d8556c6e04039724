"""A local stand-in for Zalo's Notification Service and its OAuth endpoint, for Rapport's tests.

Usage: /usr/bin/python3 zalo_server.py DIRECTORY

Reads DIRECTORY/zalo.json:
  {"app_id": "...", "secret_key": "...", "refresh_token": "R0",
   "expires_in": 90000, "renewal_delay": 0.3, "message_delay": 0,
   "phones": {"84912345678": ["-115", "0"], "84987654321": ["-118"]}}
and behaves as Zalo does where Rapport depends on it:
  POST /v4/oa/access_token  (form app_id, grant_type=refresh_token, refresh_token; header
      secret_key) answers a new access token and a new refresh token, and from then on refuses the
      refresh token it was given: each refresh token works once. A wrong secret key or a spent
      refresh token gets HTTP 200 with {"error": -14014, ...} and no tokens. `renewal_delay`
      seconds pass before the answer, so concurrent renewals overlap.
  POST /message/template  (JSON phone, template_id, template_data, tracking_id; header
      access_token) answers {"error": -124} unless the access token is the one issued last, else
      the next code scripted for the phone ("0" once the script runs out): 0 with a msg_id, or a
      negative code. `message_delay` seconds pass before the answer, so a message can be in
      flight when its sender is killed.
Every request is recorded, numbered in arrival order, as DIRECTORY/renewal-NNNN.json or
DIRECTORY/message-NNNN.json (form or JSON body, headers, and the code answered). Prints its
loopback port once it accepts connections; exits when its standard input closes.
"""

import hashlib
import http.server
import itertools
import json
import os
import sys
import threading
import time
import urllib.parse

from fixture_server import reply_json, serve_http, write_atomically


class Zalo:
    def __init__(self, directory, settings):
        self.directory = directory
        self.settings = settings
        self.lock = threading.Lock()
        self.numbers = itertools.count(1)
        self.refresh_token = settings["refresh_token"]
        self.access_token = None
        self.issued = 0
        self.scripts = {phone: list(codes) for phone, codes in settings.get("phones", {}).items()}

    def record(self, kind, record):
        number = next(self.numbers)
        write_atomically(os.path.join(self.directory, f"{kind}-{number:04}.json"), json.dumps(record))

    def renew(self, headers, form):
        time.sleep(self.settings.get("renewal_delay", 0))
        with self.lock:
            given = form.get("refresh_token", [""])[0]
            valid = (
                headers.get("secret_key") == self.settings["secret_key"]
                and form.get("app_id", [""])[0] == self.settings["app_id"]
                and form.get("grant_type", [""])[0] == "refresh_token"
                and given == self.refresh_token
            )
            if valid:
                self.issued += 1
                self.access_token = f"A{self.issued}"
                self.refresh_token = f"R{self.issued}"
                answer = {
                    "access_token": self.access_token,
                    "refresh_token": self.refresh_token,
                    "expires_in": str(self.settings.get("expires_in", 90000)),
                }
            else:
                answer = {"error": -14014, "error_name": "Invalid refresh token", "error_description": "invalid"}
            self.record("renewal", {"refresh_token": given, "accepted": valid, "headers": dict(headers)})
            return answer

    def message(self, headers, body):
        time.sleep(self.settings.get("message_delay", 0))
        with self.lock:
            request = json.loads(body)
            if self.access_token is None or headers.get("access_token") != self.access_token:
                code = -124
            else:
                script = self.scripts.get(request.get("phone"), [])
                code = int(script.pop(0)) if script else 0
            self.record(
                "message",
                {"request": request, "access_token": headers.get("access_token"), "error": code},
            )
            if code == 0:
                msg_id = hashlib.sha1(request.get("tracking_id", "").encode()).hexdigest()[:20]
                return {"error": 0, "message": "Success", "data": {"msg_id": msg_id, "sent_time": "0"}}
            return {"error": code, "message": "refused by the test server"}


def make_handler(zalo):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            headers = {name.lower(): value for name, value in self.headers.items()}
            if self.path.startswith("/v4/oa/access_token"):
                answer = zalo.renew(headers, urllib.parse.parse_qs(body.decode("utf-8")))
            elif self.path.startswith("/message/template"):
                answer = zalo.message(headers, body)
            else:
                reply_json(self, 404, b'{"error": "no such endpoint"}')
                return
            reply_json(self, 200, json.dumps(answer).encode("utf-8"))

        def log_message(self, format, *args):
            pass

    return Handler


def main(directory):
    with open(os.path.join(directory, "zalo.json"), encoding="utf-8") as file:
        settings = json.load(file)
    serve_http(make_handler(Zalo(directory, settings)))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
