"""A small command-line client for the Educa API.

It logs in with a username and password, lists the courses, enrols in one and
prints that course's contents as an outline (modules, then each content's kind
and title). It needs only `requests` and the standard library.

Usage:

    python examples/api_client.py --username alice
        (asks for the password; enrols in the first course listed)

    python examples/api_client.py --base-url http://127.0.0.1:8000 \\
        --username alice --password secret --course django-for-beginners

`--course` takes a course's id or its slug. Exit status: 0 on success, 1 when
the API refuses (bad credentials, throttled, unknown course...) or cannot be
reached, 2 for bad command-line arguments.
"""

import argparse
import getpass
import sys

import requests

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
DEFAULT_TIMEOUT = 10.0  # seconds, to connect and then for each read


class ClientError(Exception):
    """Something the user should read as one line; main() turns it into exit 1."""


# --- talking to the API ----------------------------------------------------


class Api:
    """The Educa API at `base_url`, through one requests.Session."""

    def __init__(self, base_url: str, timeout: float = DEFAULT_TIMEOUT):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"

    def url(self, path: str) -> str:
        return f"{self.base_url}/api/{path}"

    def request(self, method: str, url: str, **kwargs) -> requests.Response:
        """Send one request; network failures become a ClientError."""
        try:
            return self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.ConnectionError:
            raise ClientError(
                f"cannot reach the server at {self.base_url}: "
                "is it running, and is --base-url right?"
            ) from None
        except requests.Timeout:
            raise ClientError(
                f"the server at {self.base_url} did not answer "
                f"within {self.timeout:g} seconds"
            ) from None
        except requests.RequestException as exc:  # e.g. a malformed --base-url
            raise ClientError(f"request to {url} failed: {exc}") from None

    def log_in(self, username: str, password: str) -> None:
        """Get a JWT access token; later requests send it as a bearer token."""
        response = self.request(
            "POST",
            self.url("auth/token/"),
            json={"username": username, "password": password},
        )
        if response.status_code == 401:
            raise ClientError(
                f"login failed for {username!r}: wrong username or password "
                f"({error_detail(response)})"
            )
        tokens = json_body(response, "log in")
        self.session.headers["Authorization"] = f"Bearer {tokens['access']}"

    def courses(self) -> list[dict]:
        """Every course, following the pages of the list."""
        courses = []
        url = self.url("courses/")
        while url:
            page = json_body(self.request("GET", url), "list the courses")
            courses.extend(page["results"])
            url = page["next"]
        return courses

    def enroll(self, course: dict) -> None:
        response = self.request("POST", self.url(f"courses/{course['id']}/enroll/"))
        json_body(response, f"enrol in course {course['id']}")

    def contents(self, course: dict) -> dict:
        response = self.request("GET", self.url(f"courses/{course['id']}/contents/"))
        return json_body(response, f"get the contents of course {course['id']}")


def json_body(response: requests.Response, doing: str):
    """The response's JSON, or a ClientError saying why `doing` failed."""
    if response.status_code == 429:
        raise ClientError(
            f"the server is throttling requests: {retry_advice(response)}"
        )
    if not response.ok:
        raise ClientError(
            f"could not {doing}: HTTP {response.status_code}, {error_detail(response)}"
        )
    try:
        return response.json()
    except ValueError:
        raise ClientError(
            f"could not {doing}: the server's answer is not JSON "
            "(is --base-url the Educa site?)"
        ) from None


def retry_advice(response: requests.Response) -> str:
    seconds = response.headers.get("Retry-After")
    if seconds:
        return f"retry after {seconds} seconds (Retry-After)"
    return "try again later"


def error_detail(response: requests.Response) -> str:
    """The API's error message: `{"detail": ...}` or field errors, on one line."""
    try:
        body = response.json()
    except ValueError:
        return response.reason or "no details"
    if isinstance(body, dict) and "detail" in body:
        return str(body["detail"])
    if isinstance(body, dict):
        return "; ".join(f"{field}: {join(errors)}" for field, errors in body.items())
    return join(body)


def join(errors) -> str:
    return " ".join(map(str, errors)) if isinstance(errors, list) else str(errors)


# --- choosing a course and printing ----------------------------------------


def choose_course(courses: list[dict], wanted: str | None) -> dict:
    """The course whose id or slug is `wanted`, or the first one listed."""
    if not courses:
        raise ClientError("there are no courses to enrol in")
    if wanted is None:
        return courses[0]
    for course in courses:
        if wanted in (str(course["id"]), course["slug"]):
            return course
    raise ClientError(f"unknown course {wanted!r}: no course has that id or slug")


def print_courses(courses: list[dict]) -> None:
    print(f"Courses ({len(courses)}):")
    for course in courses:
        print(
            f"  [{course['id']}] {course['title']} ({course['slug']}), "
            f"subject {course['subject']}, by {course['owner']['name']}"
        )


def print_outline(course: dict) -> None:
    """The course's modules, each with its contents' kind and title, indented."""
    print(course["title"])
    if not course["modules"]:
        print("  (no modules yet)")
    for number, module in enumerate(course["modules"], start=1):
        print(f"  {number}. {module['title']}")
        if not module["contents"]:
            print("       (no contents yet)")
        for content in module["contents"]:
            item = content["item"]
            print(f"       - {item['type']}: {item['title']}")


# --- the command line --------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Log in to Educa, enrol in a course and print its contents."
    )
    parser.add_argument(
        "--base-url",
        default=DEFAULT_BASE_URL,
        help=f"the site's address (default: {DEFAULT_BASE_URL})",
    )
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", help="asked for when not given")
    parser.add_argument(
        "--course",
        metavar="ID_OR_SLUG",
        help="the course to enrol in (default: the first course listed)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"seconds to wait for the server (default: {DEFAULT_TIMEOUT:g})",
    )
    return parser.parse_args(argv)


def ask_password(username: str) -> str:
    try:
        return getpass.getpass(f"Password for {username}: ")
    except EOFError:
        raise ClientError("no password given (use --password or a terminal)") from None


def run(args: argparse.Namespace) -> None:
    password = (
        args.password if args.password is not None else ask_password(args.username)
    )
    api = Api(args.base_url, timeout=args.timeout)
    api.log_in(args.username, password)

    courses = api.courses()
    print_courses(courses)
    course = choose_course(courses, args.course)

    api.enroll(course)
    print(f"\nEnrolled in {course['title']!r} (id {course['id']}).\n")
    print_outline(api.contents(course))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        run(args)
    except ClientError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyError as exc:  # a JSON answer without a field the API always sends
        print(
            f"error: unexpected answer from {args.base_url}: no {exc} field "
            "(is --base-url the Educa site?)",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
