"""A real SMTP server for tests: aiosmtpd in a thread of the test process, on a
loopback port the kernel picks."""

import email
import email.policy
import logging
import queue
from email.message import EmailMessage

from aiosmtpd.controller import Controller

# aiosmtpd logs every command at INFO: a failing test's report would drown in it.
logging.getLogger("mail.log").setLevel(logging.WARNING)


class _Inbox:
    """aiosmtpd's handler: every message received, parsed, in a queue."""

    def __init__(self):
        self.received: queue.Queue[EmailMessage] = queue.Queue()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(
            envelope.content, policy=email.policy.default
        )
        self.received.put(message)  # type: ignore[arg-type]  # the default policy makes EmailMessage
        return "250 Message accepted for delivery"


class _LoopbackController(Controller):
    def _trigger_server(self):
        # Port 0 in, the kernel's choice out: read it before aiosmtpd connects
        # to check that the server answers.
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class SMTPServer:
    """Listens on 127.0.0.1 from start() to stop(); `url` is its EMAIL_URL."""

    def __init__(self):
        self._inbox = _Inbox()
        self._controller = _LoopbackController(
            self._inbox, hostname="127.0.0.1", port=0
        )

    def start(self) -> "SMTPServer":
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self._controller.port}"

    def next_message(self, timeout: float = 10) -> EmailMessage:
        """The next message received, waiting for it up to `timeout` seconds."""
        return self._inbox.received.get(timeout=timeout)

    def has_no_message(self) -> bool:
        return self._inbox.received.empty()
