"""A real SMTP server for RapportTransportTests, on aiosmtpd (Debian: python3-aiosmtpd).

Usage: /usr/bin/python3 smtp_server.py DIRECTORY [LOGIN:PASSWORD] [--idle-timeout SECONDS]

Listens on a free loopback port and prints the port on one line once it accepts connections.
Every accepted message is written to DIRECTORY/message-NNNN.json (mail_from, rcpt_tos, helo,
peer_port, content as base64 of the exact bytes received after dot-unstuffing); every accepted
connection adds a line with its peer port to DIRECTORY/connections.log. Exits on SIGTERM or
when its standard input closes, so a crashed test run leaves no server behind.

With LOGIN:PASSWORD, clients must authenticate (AUTH PLAIN or LOGIN, allowed without TLS here)
with exactly those credentials before MAIL. With --idle-timeout, a connection idle that long is
closed by the server (aiosmtpd's session timeout), as real relays close idle ones.

Replies are chosen by the recipient's local part, so one server plays every fault:
  reply-rcpt-NNN@...  RCPT fails with NNN, every time.
  reply-data-NNN@...  the end of DATA fails with NNN, every time.
  flaky-K-NNN@...     the end of DATA fails with NNN the first K times for that address, then the
                      message is accepted (the count is kept per address for the server's life).
  drop-data-K@...     the first K times, the server reads one line of the message and closes the
                      connection without a reply (a connection lost mid-DATA), then accepts.
  slow-S@...          the server waits S seconds (a decimal) before its reply to the end of DATA.
  echo-rcpt@...       RCPT fails with 550, and the reply echoes the server's LOGIN:PASSWORD, plain
                      and in base64, as a careless relay might.
A 421 reply closes the connection after it is sent, as RFC 5321 section 3.8 has a server do. Every
message refused at the end of DATA is written to DIRECTORY/refused-NNNN.json like an accepted one,
with the reply added, so a test can compare what each attempt carried (its Message-ID).
"""

import asyncio
import base64
import collections
import itertools
import json
import os
import sys
import warnings

from fixture_server import write_atomically

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


def local_part(address):
    return address.split("@", 1)[0].lower()


def scripted_reply(stage, address):
    local = local_part(address)
    prefix = f"reply-{stage}-"
    if local.startswith(prefix):
        return REPLIES[local[len(prefix):]].format(address=f"<{address}>")
    return None


def scripted_count(address, prefix):
    """K in <prefix>K[-...]@..., or None when the address does not ask for that fault."""
    local = local_part(address)
    if not local.startswith(prefix):
        return None
    return int(local[len(prefix):].split("-", 1)[0])


class RecordingHandler:
    def __init__(self, directory, credentials=None):
        self.directory = directory
        self.credentials = credentials
        self.numbers = itertools.count(1)
        self.refusal_numbers = itertools.count(1)
        # Faults already played per (fault, address), for the ones that stop after K times.
        self.played = collections.Counter()

    def take_fault(self, fault, prefix, addresses):
        """True when one of the addresses asks for `fault` and has not had it K times yet."""
        for address in addresses:
            times = scripted_count(address, prefix)
            key = (fault, address.lower())
            if times is not None and self.played[key] < times:
                self.played[key] += 1
                return True
        return False

    def flaky_reply(self, addresses):
        for address in addresses:
            if self.take_fault("flaky", "flaky-", [address]):
                return REPLIES[local_part(address).split("-")[2]].format(address=f"<{address}>")
        return None

    def record(self, name, session, envelope, **extra):
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "helo": session.host_name,
            "peer_port": session.peer[1],
            "content": base64.b64encode(envelope.original_content).decode("ascii"),
            **extra,
        }
        write_atomically(os.path.join(self.directory, name), json.dumps(record))

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if local_part(address) == "echo-rcpt" and self.credentials:
            login, password = self.credentials.split(":", 1)
            echoed = base64.b64encode(password.encode()).decode("ascii")
            return f"550 5.7.1 refused for {login} with password {password} ({echoed})"
        reply = scripted_reply("rcpt", address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server, session, envelope):
        for address in envelope.rcpt_tos:
            if local_part(address).startswith("slow-"):
                await asyncio.sleep(float(local_part(address)[len("slow-"):]))
        replies = [scripted_reply("data", address) for address in envelope.rcpt_tos]
        reply = next(filter(None, replies), None) or self.flaky_reply(envelope.rcpt_tos)
        if reply:
            self.record(f"refused-{next(self.refusal_numbers):04}.json", session, envelope, reply=reply)
            return reply
        number = next(self.numbers)
        reply = f"250 2.0.0 Ok: queued as M{number:04}"
        self.record(f"message-{number:04}.json", session, envelope, reply=reply)
        return reply


class CountingSMTP(SMTP):
    """An SMTP session that logs each client connection's port before serving it."""

    def __init__(self, handler, connections, **kwargs):
        super().__init__(handler, **kwargs)
        self.connections = connections

    def connection_made(self, transport):
        self.connections.write(f"{transport.get_extra_info('peername')[1]}\n")
        super().connection_made(transport)

    async def push(self, status):
        await super().push(status)
        text = status.decode("ascii", "replace") if isinstance(status, bytes) else status
        if text.startswith("421") and self.transport is not None:
            self.transport.close()

    async def smtp_DATA(self, arg):
        if self.envelope.rcpt_tos and not arg and self.event_handler.take_fault(
            "drop", "drop-data-", self.envelope.rcpt_tos
        ):
            await super().push("354 End data with <CR><LF>.<CR><LF>")
            await self._reader.readuntil(b"\r\n")
            self.transport.close()
            return
        await super().smtp_DATA(arg)


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


async def serve(directory, credentials, idle_timeout):
    loop = asyncio.get_running_loop()
    handler = RecordingHandler(directory, credentials)
    connections = open(os.path.join(directory, "connections.log"), "a", buffering=1, encoding="utf-8")
    options = {"hostname": "rapport-test.example.com", "decode_data": False, **authentication(credentials)}
    if idle_timeout is not None:
        options["timeout"] = idle_timeout

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
    arguments = sys.argv[1:]
    idle_timeout = None
    if "--idle-timeout" in arguments:
        index = arguments.index("--idle-timeout")
        idle_timeout = float(arguments[index + 1])
        del arguments[index:index + 2]
    if len(arguments) not in (1, 2):
        sys.exit(__doc__)
    asyncio.run(serve(arguments[0], arguments[1] if len(arguments) == 2 else None, idle_timeout))
