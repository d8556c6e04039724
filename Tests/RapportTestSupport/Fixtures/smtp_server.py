"""A real SMTP server for RapportTransportTests, on aiosmtpd (Debian: python3-aiosmtpd).

Usage: /usr/bin/python3 smtp_server.py DIRECTORY [LOGIN:PASSWORD]

Listens on a free loopback port and prints the port on one line once it accepts connections.
Every accepted message is written to DIRECTORY/message-NNNN.json (mail_from, rcpt_tos, helo,
peer_port, content as base64 of the exact bytes received after dot-unstuffing); every accepted
connection adds a line with its peer port to DIRECTORY/connections.log. Exits on SIGTERM or
when its standard input closes, so a crashed test run leaves no server behind.

With LOGIN:PASSWORD, clients must authenticate (AUTH PLAIN or LOGIN, allowed without TLS here)
with exactly those credentials before MAIL.

Replies are chosen by recipient: reply-rcpt-NNN@... makes RCPT fail with NNN, reply-data-NNN@...
makes the end of DATA fail with NNN.
"""

import asyncio
import base64
import itertools
import json
import os
import sys
import warnings

try:
    from aiosmtpd.smtp import SMTP, AuthResult
except ImportError:
    sys.exit("aiosmtpd is missing for /usr/bin/python3: run apt-get install -y python3-aiosmtpd")

REPLIES = {
    "421": "421 4.3.2 service shutting down",
    "451": "451 4.3.0 try later",
    "452": "452 4.2.2 mailbox full",
    "550": "550 5.1.1 {address}: Recipient address rejected: mailbox unavailable",
    "554": "554 5.7.1 message refused",
}


def scripted_reply(stage, address):
    local = address.split("@", 1)[0]
    prefix = f"reply-{stage}-"
    if local.startswith(prefix):
        return REPLIES[local[len(prefix):]].format(address=f"<{address}>")
    return None


def write_atomically(path, text):
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as file:
        file.write(text)
    os.rename(temporary, path)


class RecordingHandler:
    def __init__(self, directory):
        self.directory = directory
        self.numbers = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = scripted_reply("rcpt", address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server, session, envelope):
        for address in envelope.rcpt_tos:
            reply = scripted_reply("data", address)
            if reply:
                return reply
        number = next(self.numbers)
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "helo": session.host_name,
            "peer_port": session.peer[1],
            "content": base64.b64encode(envelope.original_content).decode("ascii"),
        }
        write_atomically(os.path.join(self.directory, f"message-{number:04}.json"), json.dumps(record))
        return f"250 2.0.0 Ok: queued as M{number:04}"


class CountingSMTP(SMTP):
    """An SMTP session that logs each client connection's port before serving it."""

    def __init__(self, handler, connections, **kwargs):
        super().__init__(handler, **kwargs)
        self.connections = connections

    def connection_made(self, transport):
        self.connections.write(f"{transport.get_extra_info('peername')[1]}\n")
        super().connection_made(transport)


def authentication(credentials):
    if credentials is None:
        return {}
    login, password = (part.encode() for part in credentials.split(":", 1))

    def authenticator(server, session, envelope, mechanism, auth_data):
        # handled=False: aiosmtpd then answers a failure with 535 itself.
        return AuthResult(success=auth_data.login == login and auth_data.password == password, handled=False)

    # Plain-text AUTH is what this loopback-only test server is for; aiosmtpd warns about it.
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    return {"auth_required": True, "auth_require_tls": False, "authenticator": authenticator}


async def serve(directory, credentials):
    loop = asyncio.get_running_loop()
    handler = RecordingHandler(directory)
    connections = open(os.path.join(directory, "connections.log"), "a", buffering=1, encoding="utf-8")
    options = {"hostname": "rapport-test.example.com", "decode_data": False, **authentication(credentials)}

    # Not aiosmtpd's Controller: its readiness probe connects to the configured port, so it cannot
    # listen on port 0, and the probe would count as a client connection.
    server = await loop.create_server(
        lambda: CountingSMTP(handler, connections, **options),
        host="127.0.0.1",
        port=0,
    )
    print(server.sockets[0].getsockname()[1], flush=True)

    stdin_closed = loop.create_future()

    def read_stdin():
        if not os.read(sys.stdin.fileno(), 1024):
            loop.remove_reader(sys.stdin.fileno())
            stdin_closed.set_result(None)

    loop.add_reader(sys.stdin.fileno(), read_stdin)
    await stdin_closed
    server.close()


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    asyncio.run(serve(sys.argv[1], sys.argv[2] if len(sys.argv) == 3 else None))
