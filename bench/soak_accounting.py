"""The soak's write accounting: what each client was told about its writes, and
the database read back against it. A write answered 2xx must be stored; one
answered 5xx, or not at all, is "unsure" (it may or may not be), reported but
never counted as lost; a stored row nobody was told of is "unexplained". Every
meal's stored stats must match a fresh aggregate. Tested in
bench/tests/test_soak_accounting.py."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal


def kind(status) -> str:
    """The status's class ("2xx".."5xx"), or "error" for no answer at all."""
    return f"{status // 100}xx" if isinstance(status, int) else "error"


@dataclass
class Writes:
    """What one client's user holds, as far as the answers it got tell.

    A write answered 2xx is stored for sure. One answered 5xx, or not at all, may
    or may not be: it is kept apart as "unsure" until a later success overrides it.
    Each client is one user sending one request at a time, so for a given course or
    meal the last answered write is the one the database must hold.
    """

    enrolled: set[int]  # seeded, or answered 2xx
    stars: dict[int, int]  # meal -> seeded or last stars answered 2xx
    enrol_unsure: set[int] = field(default_factory=set)
    stars_unsure: dict[int, set[int]] = field(default_factory=dict)
    created: int = 0  # ratings answered 201 (new)
    new_meals: set[int] = field(default_factory=set)  # rated first in this soak

    def record(self, action: str, target: int, stars: int | None, status) -> None:
        success = kind(status) == "2xx"
        unsure = kind(status) in ("5xx", "error")
        if action == "enroll":
            if success:
                self.enrolled.add(target)
            elif unsure and target not in self.enrolled:
                self.enrol_unsure.add(target)
        elif success:
            if target not in self.stars:
                self.new_meals.add(target)
            self.stars[target] = stars
            self.stars_unsure.pop(target, None)
            self.created += status == 201
        elif unsure:
            self.stars_unsure.setdefault(target, set()).add(stars)


def verify_database(url: str, writes: dict[int, Writes]) -> dict:
    """Every client user's enrolments and ratings against what it was answered
    (`writes`, by user id), and every meal's stored stats against its ratings."""
    import psycopg

    ids = list(writes)
    enrolled, stars = defaultdict(set), defaultdict(dict)
    with psycopg.connect(url) as conn:
        for user, course in conn.execute(
            "SELECT user_id, course_id FROM courses_course_students "
            "WHERE user_id = ANY(%s)",
            [ids],
        ):
            enrolled[user].add(course)
        for user, meal, value in conn.execute(
            "SELECT user_id, meal_id, stars FROM meals_rating WHERE user_id = ANY(%s)",
            [ids],
        ):
            stars[user][meal] = value
        meals = conn.execute(
            "SELECT m.id, m.avg_rating, m.no_of_ratings, "
            "COALESCE(SUM(r.stars), 0), COUNT(r.id) FROM meals_meal m "
            "LEFT JOIN meals_rating r ON r.meal_id = m.id GROUP BY m.id"
        ).fetchall()
    return {
        "enrolments": compare_enrolments(writes, enrolled),
        "ratings": compare_ratings(writes, stars),
        "meal_stats": compare_meal_stats(meals),
    }


def compare_enrolments(writes: dict[int, Writes], stored: dict) -> dict:
    """Per user (`writes` and `stored` by user id): every course answered 2xx
    (or seeded) stored, and nothing else but courses of unsure writes."""
    lost, unexplained, unsure, unsure_stored = [], [], 0, 0
    for user, told in writes.items():
        mine = stored[user]
        lost += [[user, c] for c in sorted(told.enrolled - mine)]
        extra = mine - told.enrolled - told.enrol_unsure
        unexplained += [[user, c] for c in sorted(extra)]
        unsure += len(told.enrol_unsure - told.enrolled)
        unsure_stored += len((told.enrol_unsure - told.enrolled) & mine)
    return discrepancies(
        expected=sum(len(told.enrolled) for told in writes.values()),
        stored=sum(len(stored[user]) for user in writes),
        unsure=unsure,
        unsure_stored=unsure_stored,
        lost=lost,
        unexplained=unexplained,
    )


def compare_ratings(writes: dict[int, Writes], stored: dict) -> dict:
    """Per (user, meal): the stored stars must be the last ones answered 2xx (or
    seeded), or ones sent after those whose answer never came or was a 5xx."""
    lost, unexplained, unsure, unsure_stored = [], [], 0, 0
    for user, told in writes.items():
        mine = stored[user]
        unsure += len(told.stars_unsure)
        for meal in set(mine) | set(told.stars) | set(told.stars_unsure):
            known = told.stars.get(meal)  # None: no rating, as far as we know
            actual = mine.get(meal)
            if actual == known:
                continue
            if actual in told.stars_unsure.get(meal, set()):
                unsure_stored += 1
                continue
            entry = [user, meal, known, actual]
            (lost if known is not None else unexplained).append(entry)
    result = discrepancies(
        expected=sum(len(told.stars) for told in writes.values()),
        stored=sum(len(stored[user]) for user in writes),
        unsure=unsure,
        unsure_stored=unsure_stored,
        lost=lost,
        unexplained=unexplained,
    )
    # Each meal rated first in the soak was answered 201 once, then 200.
    result["answered_201"] = sum(told.created for told in writes.values())
    result["new_pairs"] = sum(len(told.new_meals) for told in writes.values())
    return result


def discrepancies(*, expected, stored, unsure, unsure_stored, lost, unexplained):
    """The figures of one comparison; "unsure_stored" counts writes answered 5xx
    (or not at all) that were stored all the same (at least: one that wrote the
    value already there cannot be told apart)."""
    return {
        "expected": expected,
        "stored": stored,
        "unsure": unsure,
        "unsure_stored": unsure_stored,
        "lost": len(lost),
        "unexplained": len(unexplained),
        "examples": (lost + unexplained)[:10],
        "exact": stored == expected and not lost and not unexplained,
    }


def compare_meal_stats(rows: list) -> dict:
    """Stored average and count against a fresh aggregate, rounded as
    meals.services.meal_stats rounds (a float, to 2 places)."""
    wrong = []
    for meal, average, count, total, fresh_count in rows:
        fresh = round(total / fresh_count, 2) if fresh_count else None
        fresh_average = None if fresh is None else Decimal(str(fresh))
        if count != fresh_count or average != fresh_average:
            wrong.append([meal, str(average), count, str(fresh_average), fresh_count])
    return {"meals": len(rows), "mismatched": len(wrong), "examples": wrong[:10]}
