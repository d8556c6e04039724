#!/usr/bin/env python3
"""A minimal SMTP sink that waits DELAY seconds before answering each end of data, for
Benchmarks/delivery.sh: Postfix's smtp-sink only waits whole seconds (-w). Discards every
message; answers every other command with success, except that with REFUSED (a fraction, e.g.
0.01) it refuses that share of recipients with `550 5.1.1`, chosen by a hash of the address so
the same ones are refused in every run. Not a test.

Usage: delay-sink.py PORT DELAY [REFUSED]
"""
import asyncio
import sys
import zlib


def refused(line, share):
    """Whether the RCPT command `line` names one of the recipients to refuse."""
    address = line[line.find(b"<") + 1:line.rfind(b">")].lower()
    return zlib.crc32(address) % 10000 < share * 10000


class Session(asyncio.Protocol):
    def __init__(self, delay, share):
        self.delay = delay
        self.share = share
        self.buffer = b""
        self.in_data = False

    def connection_made(self, transport):
        self.transport = transport
        transport.write(b"220 delay-sink ESMTP\r\n")

    def data_received(self, chunk):
        self.buffer += chunk
        while True:
            if self.in_data:
                # The message ends with a line holding only a dot.
                end = self.buffer.find(b"\r\n.\r\n")
                if end < 0:
                    # Keep the tail that may begin the terminator.
                    self.buffer = self.buffer[-4:]
                    return
                self.buffer = self.buffer[end + 5:]
                self.in_data = False
                asyncio.get_running_loop().call_later(self.delay, self.answer, b"250 2.0.0 Ok: queued\r\n")
                continue
            end = self.buffer.find(b"\r\n")
            if end < 0:
                return
            line, self.buffer = self.buffer[:end], self.buffer[end + 2:]
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.transport.write(b"250-delay-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif verb == b"DATA":
                self.in_data = True
                # Data may start right after the DATA line: look for its end from a line start.
                self.buffer = b"\r\n" + self.buffer
                self.transport.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
            elif verb == b"RCPT" and refused(line, self.share):
                self.transport.write(b"550 5.1.1 Recipient address rejected: User unknown\r\n")
            elif verb == b"QUIT":
                self.transport.write(b"221 2.0.0 Bye\r\n")
                self.transport.close()
                return
            else:
                self.transport.write(b"250 2.0.0 Ok\r\n")

    def answer(self, reply):
        if not self.transport.is_closing():
            self.transport.write(reply)


async def main():
    port, delay = int(sys.argv[1]), float(sys.argv[2])
    share = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: Session(delay, share), "127.0.0.1", port, backlog=256)
    async with server:
        await server.serve_forever()


asyncio.run(main())
