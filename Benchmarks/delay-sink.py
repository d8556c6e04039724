#!/usr/bin/env python3
"""A minimal SMTP sink that waits DELAY seconds before answering each end of data, for
Benchmarks/delivery.sh: Postfix's smtp-sink only waits whole seconds (-w). Discards every
message; answers every command with success. Not a test.

Usage: delay-sink.py PORT DELAY
"""
import asyncio
import sys


class Session(asyncio.Protocol):
    def __init__(self, delay):
        self.delay = delay
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
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: Session(delay), "127.0.0.1", port, backlog=256)
    async with server:
        await server.serve_forever()


asyncio.run(main())
