"""Exit at once, with one clear line, when `make run` could not listen on its port.

daphne's runserver only logs a failed listen and then waits forever, so `make
run` checks first (before installing, migrating and seeding) whether the address
can be bound. Standard library only: it runs before .venv exists.

    python3 scripts/port_free.py 8000 [host]
"""

import socket
import sys


def port_free(host: str, port: int) -> bool:
    with socket.socket() as sock:
        # As the server will: a port left in TIME_WAIT by the last run is free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3) or not argv[1].isdecimal() or int(argv[1]) > 65535:
        print("usage: port_free.py PORT [HOST]  (PORT a number up to 65535)")
        return 2
    port = int(argv[1])
    host = argv[2] if len(argv) == 3 else "127.0.0.1"
    if port_free(host, port):
        return 0
    print(
        f"Port {port} on {host} is in use (another `make run`?). "
        f"Stop that server, or serve elsewhere: make run PORT={port + 1}",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
