"""bench_endpoints.py's load: each endpoint as wrk loads it, and the mixed
phase's writer (other bench students than the one whose pages are read)."""

import random
import threading

from bench.endpoints_seed import requests_to_measure
from bench.load import Endpoint, Write, Writer

WRITE_ACTIONS = ("enroll", "leave", "rate")
HEADER_LUA = 'wrk.headers["%s"] = "%s"\n'
RATE_MEAL_LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  local path = "/api/meals/" .. math.random(%(low)d, %(high)d) .. "/rate_meal/"
  return wrk.format(nil, path, nil, '{"stars": ' .. math.random(1, 5) .. "}")
end
"""


def endpoints(base: str, seeded: dict) -> list[Endpoint]:
    result = []
    for request in requests_to_measure(seeded):
        headers = "".join(
            HEADER_LUA % item for item in request.get("headers", {}).items()
        )
        if request["name"] == "rate_meal":  # a random meal and stars each time
            low, high = seeded["meal_ids"]
            lua = headers + RATE_MEAL_LUA % {"low": low, "high": high}
            result.append(Endpoint("rate_meal", base, lua))
        else:
            result.append(Endpoint(request["name"], base + request["path"], headers))
    return result


def bench_writer(base: str, seeded: dict):
    """The mixed phase's writer factory: (rate, seed) -> a Writer whose every
    write is one of WRITE_ACTIONS, as a random writer student: enrol in any
    course, leave one of theirs (seeded, or joined earlier in the run: leaving a
    course one is not in changes nothing), rate any meal."""
    writers = [(w["token"], set(w["courses"])) for w in seeded["writers"]]
    courses = seeded["course_ids"]
    low, high = seeded["meal_ids"]
    lock = threading.Lock()  # the writers' courses, shared by the threads

    def next_write(rng: random.Random) -> Write:
        token, joined = rng.choice(writers)
        bearer = {"Authorization": f"Bearer {token}"}
        action = rng.choice(WRITE_ACTIONS)
        if action == "rate":
            path = f"/api/meals/{rng.randint(low, high)}/rate_meal/"
            return action, "POST", path, bearer, {"stars": rng.randint(1, 5)}
        with lock:
            if action == "enroll" or not joined:
                course = rng.choice(courses)
            else:
                course = rng.choice(sorted(joined))
            (joined.add if action == "enroll" else joined.discard)(course)
        path = f"/api/courses/{course}/enroll/"
        return action, "POST" if action == "enroll" else "DELETE", path, bearer, None

    return lambda rate, seed: Writer(base, rate, next_write, in_flight=2, seed=seed)
