import pytest

from educa.settings import email_settings


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a loopback port; the site's emails go to it, as
    EMAIL_URL=smtp://127.0.0.1:<port> would send them."""
    # Imported here: only the tests that use the server need aiosmtpd.
    from accounts.tests.smtp import SMTPServer

    server = SMTPServer().start()
    for name, value in email_settings(server.url).items():
        setattr(settings, name, value)
    yield server
    server.stop()
