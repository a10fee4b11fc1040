#!/usr/bin/python3
"""A local SMTP server for tests: writes every accepted message to DIR as
NNNNNN.eml and its port to DIR/port once it listens.

usage: smtp_sink.py DIR [--user U --password P] [--reject-rcpt ADDRESS] [--delay-ms N] [--discard]

--delay-ms holds the 250 reply after the message is stored, as a slow
server would: a client killed in that pause never learns its mail went.
"""
import argparse
import asyncio
import os
import socket
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Sink:
    def __init__(self, folder, reject, delay_ms, discard):
        self.folder = folder
        self.discard = discard  # benchmarks: accept and count, store nothing
        self.reject = reject
        self.delay = delay_ms / 1000.0
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.reject:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            name = "%06d.eml" % self.count
        if self.discard:
            return "250 Message accepted"
        tmp = os.path.join(self.folder, name + ".tmp")
        with open(tmp, "wb") as out:
            out.write(b"X-Envelope-From: " + envelope.mail_from.encode() + b"\r\n")
            out.write(b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            out.write(envelope.original_content)
            out.flush()
            os.fsync(out.fileno())
        os.rename(tmp, os.path.join(self.folder, name))
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 Message accepted"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--reject-rcpt")
    parser.add_argument("--delay-ms", type=int, default=0)
    parser.add_argument("--discard", action="store_true")
    args = parser.parse_args()
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    options = {}
    if args.user:
        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login == args.user.encode() and auth_data.password == args.password.encode()
            return AuthResult(success=ok)
        options = dict(authenticator=authenticate, auth_require_tls=False, auth_required=True)
    controller = Controller(Sink(args.folder, args.reject_rcpt, args.delay_ms, args.discard), hostname="127.0.0.1", port=port,
                            **options)
    controller.start()
    with open(os.path.join(args.folder, "port.tmp"), "w") as out:
        out.write(str(port))
    os.rename(os.path.join(args.folder, "port.tmp"), os.path.join(args.folder, "port"))
    threading.Event().wait()


if __name__ == "__main__":
    main()
