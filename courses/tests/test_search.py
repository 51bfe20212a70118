"""Catalogue search: `/?q=`, `/subject/<slug>/?q=` and `/api/courses/?search=`.

Plain tests run on SQLite (containment) and, in the services pass, on PostgreSQL
(full text); those marked `postgres` test what only full text does.
"""

import io

import pytest
from django.urls import reverse

from accounts.services import user_profile_update
from courses.caching import COURSES_PER_PAGE
from courses.models import Course
from courses.tests.factories import CourseFactory, ModuleFactory, SubjectFactory

CATALOGUE = reverse("courses:course_list")
API = reverse("api:course-list")

pytestmark = pytest.mark.django_db


def titles(client, path=CATALOGUE, **params) -> list[str]:
    response = client.get(path, params)
    assert response.status_code == 200
    return [course["title"] for course in response.context["page"].courses]


def api_titles(api_client, **params) -> list[str]:
    response = api_client.get(API, params)
    assert response.status_code == 200
    return [course["title"] for course in response.json()["results"]]


def test_a_search_finds_the_courses_matching_every_word(client):
    CourseFactory(title="Linear algebra", overview="Vectors and matrices.")
    CourseFactory(title="Linear music", overview="Scales.")
    CourseFactory(title="Geometry", overview="Matrices of rotation.")

    assert titles(client, q="linear matrices") == ["Linear algebra"]
    assert sorted(titles(client, q="LINEAR")) == ["Linear algebra", "Linear music"]


def test_module_titles_and_instructor_names_are_searched(client):
    CourseFactory(title="Algebra")
    ModuleFactory(course__title="Topology", title="Homeomorphisms")
    CourseFactory(
        title="Rings",
        owner__first_name="Emmy",
        owner__last_name="Noether",
        owner__username="enoether",
    )

    assert titles(client, q="homeomorphisms") == ["Topology"]
    assert titles(client, q="noether") == ["Rings"]
    assert titles(client, q="emmy") == ["Rings"]
    assert titles(client, q="enoether") == ["Rings"]
    # The words may match different fields.
    assert titles(client, q="rings emmy") == ["Rings"]


def test_a_search_on_a_subject_page_stays_in_that_subject(client):
    maths, music = SubjectFactory(), SubjectFactory()
    CourseFactory(subject=maths, title="Harmonic analysis")
    CourseFactory(subject=music, title="Harmonic series")

    path = maths.get_absolute_url()

    assert titles(client, path, q="harmonic") == ["Harmonic analysis"]


@pytest.mark.parametrize("q", ["", "   ", "\t"])
def test_a_blank_search_lists_every_course(client, q):
    CourseFactory.create_batch(3)

    response = client.get(CATALOGUE, {"q": q})

    assert response.context["page"].count == 3
    assert response.context["q"] == ""


@pytest.mark.parametrize("url", ["all", "subject"])
def test_a_search_over_200_characters_is_a_400_page(client, url):
    course = CourseFactory()
    path = CATALOGUE if url == "all" else course.subject.get_absolute_url()

    assert client.get(path, {"q": "a" * 200}).status_code == 200
    # Counted once stripped: the spaces around do not count.
    assert client.get(path, {"q": f"  {'a' * 200}  "}).status_code == 200
    response = client.get(path, {"q": "a" * 201})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="site-header"' in html  # the site's page
    assert "Bad request" in html


def test_a_nul_byte_is_a_400_and_odd_unicode_is_searched(client):
    CourseFactory(title="Cafés du monde 🌍")

    assert client.get(CATALOGUE, {"q": "caf\x00"}).status_code == 400
    for q in ["🌍", "café", "ǅ\u0301\u200f", "\uffff", "%00", "' OR 1=1 --", "a & !b"]:
        assert client.get(CATALOGUE, {"q": q}).status_code == 200


def test_the_pager_keeps_the_search(client):
    CourseFactory.create_batch(COURSES_PER_PAGE + 1, title="Quantum optics & more")
    CourseFactory(title="Classical mechanics")

    first = client.get(CATALOGUE, {"q": "quantum &"}).content.decode()

    assert 'href="?q=quantum%20%26&amp;page=2"' in first
    second = client.get(CATALOGUE, {"q": "quantum &", "page": 2})
    assert len(second.context["page"].courses) == 1
    assert 'href="?q=quantum%20%26&amp;page=1"' in second.content.decode()


def test_the_search_box_shows_the_query_escaped(client):
    CourseFactory()

    html = client.get(CATALOGUE, {"q": '"><script>x</script>'}).content.decode()

    assert 'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in html
    assert "<script>x" not in html


def test_no_match_says_so_with_a_link_to_all_courses(client):
    subject = CourseFactory(title="Algebra").subject

    html = client.get(subject.get_absolute_url(), {"q": "zebra"}).content.decode()

    assert f"No course matches “zebra” in {subject.title}." in html
    assert f'<a href="{CATALOGUE}">see all courses</a>' in html


@pytest.mark.parametrize(
    ("title", "queries"),
    [
        ("Éléments de géométrie", ["Éléments", "éléments", "ÉLÉMENTS", "GÉOMÉTRIE"]),
        ("Über Python", ["Über", "über", "ÜBER"]),
        ("Γεωμετρία", ["γεωμετρία", "ΓΕΩΜΕΤΡΊΑ"]),
        ("Алгебра", ["алгебра", "АЛГЕБРА"]),
        ("Źródła", ["źródła", "ŹRÓDŁA"]),
    ],
)
def test_a_search_ignores_case_in_every_script(client, api_client, title, queries):
    CourseFactory(title=title)
    CourseFactory(title="Elements of Python")  # no accents: no match

    for q in queries:
        assert titles(client, q=q) == [title], q
        assert api_titles(api_client, search=q) == [title], q


def test_module_titles_and_names_are_searched_in_any_case(client):
    ModuleFactory(course__title="Algebra", title="Équations")
    CourseFactory(title="Rings", owner__first_name="Łucja", owner__last_name="Öz")

    assert titles(client, q="ÉQUATIONS") == ["Algebra"]
    assert titles(client, q="łucja ÖZ") == ["Rings"]


def sqlite_only():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("containment: SQLite only (full text on PostgreSQL)")


def test_on_sqlite_any_part_of_a_word_matches_in_any_case(client):
    sqlite_only()
    CourseFactory(title="Éléments de géométrie")
    CourseFactory(title="Straße")

    assert titles(client, q="GÉOM") == ["Éléments de géométrie"]
    assert titles(client, q="LÉMENT") == ["Éléments de géométrie"]
    assert titles(client, q="STRASSE") == ["Straße"]  # casefolded: ß is ss


@pytest.mark.parametrize("q", ["%", "_", "\\", "a_c", "50%", "x\\%"])
def test_on_sqlite_like_wildcards_in_a_search_are_plain_text(client, q):
    sqlite_only()
    CourseFactory(title="abc 500")  # what % and _ as wildcards would match
    CourseFactory(title="Plain")

    assert titles(client, q=q) == []


def test_on_sqlite_like_wildcards_match_themselves(client):
    sqlite_only()
    CourseFactory(title="a_c 50% x\\%")

    assert titles(client, q="A_C 50% X\\%") == ["a_c 50% x\\%"]


def test_on_sqlite_common_words_are_searched_as_any_other(client):
    sqlite_only()
    CourseFactory(title="Mathematics")
    CourseFactory(title="Algebra")

    # Contained in "Mathematics"; PostgreSQL drops such words (the next test).
    assert titles(client, q="THE") == ["Mathematics"]


# What a user changes shows in their next search, whatever is cached: searches
# are never cached, and the vectors (PostgreSQL) change with the rows.


def test_a_renamed_course_is_found_by_its_new_title_at_once(
    client, any_cache, committed
):
    course = CourseFactory(title="Old title", overview="Plain.")
    assert titles(client, q="old") == ["Old title"]
    client.force_login(course.owner)

    with committed():
        client.post(
            reverse("courses:course_edit", args=[course.pk]),
            {
                "subject": course.subject_id,
                "title": "Fresh title",
                "slug": course.slug,
                "overview": "Now about zeppelins.",
            },
        )

    client.logout()
    assert titles(client, q="old") == []
    assert titles(client, q="fresh") == ["Fresh title"]
    assert titles(client, q="zeppelins") == ["Fresh title"]


def test_added_renamed_and_deleted_modules_change_what_finds_the_course(
    client, committed
):
    course = CourseFactory(title="Algebra")
    old = ModuleFactory(course=course, title="Groups")
    client.force_login(course.owner)
    url = reverse("courses:course_module_update", args=[course.pk])
    form = {
        "modules-TOTAL_FORMS": 2,
        "modules-INITIAL_FORMS": 1,
        "modules-0-id": old.pk,
        "modules-0-title": "Fields",
        "modules-0-description": "",
        "modules-1-title": "Lattices",
        "modules-1-description": "",
    }

    with committed():
        assert client.post(url, form).status_code == 302

    assert titles(client, q="groups") == []
    assert titles(client, q="fields lattices") == ["Algebra"]
    lattices = course.modules.get(title="Lattices")
    form = {
        **form,
        "modules-TOTAL_FORMS": 2,
        "modules-INITIAL_FORMS": 2,
        "modules-1-id": lattices.pk,
        "modules-1-DELETE": "on",
    }
    with committed():
        assert client.post(url, form).status_code == 302
    assert titles(client, q="lattices") == []
    assert titles(client, q="fields") == ["Algebra"]


def test_an_instructor_renamed_is_found_by_their_new_name(client, committed):
    course = CourseFactory(
        title="Rings", owner__first_name="Emmy", owner__last_name="Smith"
    )

    with committed():
        user_profile_update(
            user=course.owner,
            first_name="Emmy",
            last_name="Noether",
            email=course.owner.email,
        )

    assert titles(client, q="smith") == []
    assert titles(client, q="noether") == ["Rings"]


def test_a_module_moved_to_another_course_moves_its_words(client):
    first, second = CourseFactory(title="First"), CourseFactory(title="Second")
    module = ModuleFactory(course=first, title="Wanderer")

    module.course = second
    module.save()

    assert titles(client, q="wanderer") == ["Second"]


# The API.


def test_the_api_searches_as_the_catalogue_does(api_client):
    CourseFactory(title="Linear algebra", overview="Vectors and matrices.")
    CourseFactory(title="Linear music")
    ModuleFactory(course__title="Topology", title="Homeomorphisms")

    assert api_titles(api_client, search="linear matrices") == ["Linear algebra"]
    assert api_titles(api_client, search="homeomorphisms") == ["Topology"]
    assert len(api_titles(api_client, search="  ")) == 3


def test_the_api_search_combines_with_the_subject_filter(api_client):
    maths = SubjectFactory(slug="maths")
    CourseFactory(subject=maths, title="Harmonic analysis")
    CourseFactory(title="Harmonic series")

    assert api_titles(api_client, search="harmonic", subject="maths") == [
        "Harmonic analysis"
    ]


@pytest.mark.parametrize("search", ["a" * 201, "caf\x00"])
def test_a_bad_api_search_is_a_400_naming_search(api_client, search):
    response = api_client.get(API, {"search": search})

    assert response.status_code == 400
    assert list(response.json()) == ["search"]


def test_the_api_pager_keeps_the_search_trimmed(api_client):
    CourseFactory.create_batch(3, title="Quantum optics")
    CourseFactory(title="Classical mechanics")

    page = api_client.get(API, {"search": " quantum  ", "page_size": 2}).json()

    assert page["count"] == 3
    assert page["next"].endswith("?page=2&page_size=2&search=quantum")


def test_an_api_search_sees_a_change_at_once(api_client, any_cache, committed):
    course = CourseFactory(title="Old title")
    assert api_titles(api_client, search="old") == ["Old title"]

    with committed():
        course.title = "New title"
        course.save()

    assert api_titles(api_client, search="old") == []
    assert api_titles(api_client, search="new") == ["New title"]


# Queries: the same number at any size.


@pytest.mark.parametrize("url", ["all", "subject"])
def test_a_search_page_runs_three_queries_at_any_size(
    client, size, url, django_assert_num_queries
):
    subject = SubjectFactory()
    for n in range(size * 5):
        course = CourseFactory(subject=subject, title=f"Optics {n}")
        ModuleFactory.create_batch(2, course=course, title="Lenses")
    CourseFactory.create_batch(size, title="Mechanics")
    path = CATALOGUE if url == "all" else subject.get_absolute_url()

    # Subjects with their course counts (cached afterwards) + the number of
    # matches (for the pager) + one page of them with subject, instructor and
    # module counts. Anonymous: no session or user lookup.
    with django_assert_num_queries(3):
        page = client.get(path, {"q": "optics lenses"}).context["page"]
    # The subjects come from the cache; the search runs again, never cached.
    with django_assert_num_queries(2):
        client.get(path, {"q": "optics lenses"})

    assert page.count == size * 5


def test_an_api_search_runs_three_queries_at_any_size(
    api_client, size, django_assert_num_queries
):
    for n in range(size * 5):
        course = CourseFactory(title=f"Optics {n}")
        ModuleFactory.create_batch(2, course=course, title="Lenses")
    CourseFactory.create_batch(size, title="Mechanics")

    # The number of matches + one page with subject and owner + their modules.
    with django_assert_num_queries(3):
        page = api_client.get(API, {"search": "optics"}).json()

    assert page["count"] == size * 5


# PostgreSQL: full text.


@pytest.mark.postgres
def test_words_are_stemmed(client):
    CourseFactory(title="Course design", overview="Running a class.")

    assert titles(client, q="courses designing") == ["Course design"]
    assert titles(client, q="runs") == ["Course design"]


@pytest.mark.postgres
def test_a_title_match_ranks_before_a_module_or_overview_match(client, api_client):
    CourseFactory(title="No match", overview="Nothing.")
    ModuleFactory(course__title="Module match", course__overview="", title="Kites")
    CourseFactory(title="Overview match", overview="All about kites.")
    CourseFactory(title="Kites", overview="")

    expected = ["Kites", "Module match", "Overview match"]
    assert titles(client, q="kite") == expected
    assert api_titles(api_client, search="kite") == expected


@pytest.mark.postgres
def test_the_migration_fills_the_vectors_as_the_signals_keep_them():
    from importlib import import_module

    from django.apps import apps
    from django.db import connection

    migration = import_module("courses.migrations.0008_course_search_vector")
    course = CourseFactory(
        title="Algebra", overview="Groups.", owner__first_name="Emmy"
    )
    ModuleFactory.create_batch(3, course=course)
    kept = Course.objects.values_list("search_vector", flat=True).get()

    Course.objects.update(search_vector=None)
    with connection.schema_editor() as schema_editor:
        migration.fill(apps, schema_editor)

    assert Course.objects.values_list("search_vector", flat=True).get() == kept
    assert "'emmi':" in kept  # the stemmed first name, weighted B


@pytest.mark.postgres
def test_the_search_uses_the_gin_index_on_2000_courses():
    from django.core.management import call_command
    from django.db import connection

    from courses.search import SEARCH_INDEX

    call_command(
        "seed_bench",
        "--force",
        "--subjects=1",
        "--instructors=1",
        "--courses=2000",
        *(
            f"--{name}=0"
            for name in (
                "modules",
                "contents",
                "students",
                "enrolments-per-student",
                "meals",
                "ratings",
            )
        ),
        stdout=io.StringIO(),
    )
    CourseFactory(title="Zymurgy for brewers")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE courses_course")
    search = Course.objects.for_catalogue().search("zymurgy")

    plan = search.explain()

    assert SEARCH_INDEX in plan
    assert Course.objects.count() == 2001
    assert [course.title for course in search] == ["Zymurgy for brewers"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_modules_renamed_at_once_both_show_in_the_vector(monkeypatch):
    import threading
    import time

    from django.db import connection, transaction

    import courses.signals
    from courses.search import course_search_vectors_update

    course = CourseFactory(title="Algebra")
    first, second = ModuleFactory.create_batch(2, course=course, title="Old")
    first_updated = threading.Event()

    def update(courses):
        # The second writer updates once the first has (and holds its lock).
        if threading.current_thread().name == "second":
            first_updated.wait(10)
        course_search_vectors_update(courses)
        if threading.current_thread().name == "first":
            first_updated.set()
            waiting_for_lock(timeout=10)  # the second is blocked behind us

    def waiting_for_lock(timeout):
        with connection.cursor() as cursor:
            end = time.monotonic() + timeout
            while time.monotonic() < end:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE wait_event_type = 'Lock' AND datname = current_database()"
                )
                if cursor.fetchone()[0]:
                    return
                time.sleep(0.01)

    def rename(module, title):
        try:
            with transaction.atomic():
                module.title = title
                module.save()
        finally:
            connection.close()

    monkeypatch.setattr(courses.signals, "course_search_vectors_update", update)
    threads = [
        threading.Thread(target=rename, args=(first, "Lattices"), name="first"),
        threading.Thread(target=rename, args=(second, "Fields"), name="second"),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Course.objects.search("lattices fields").get() == course


@pytest.mark.postgres
@pytest.mark.parametrize("url", ["all", "subject"])
def test_a_search_of_only_very_common_words_says_so(client, api_client, url):
    course = CourseFactory(title="The art of the fugue")
    path = CATALOGUE if url == "all" else course.subject.get_absolute_url()

    html = client.get(path, {"q": "The of"}).content.decode()

    # Full text drops stop words: nothing is left to search for.
    assert "“The of” has only very common words" in html
    assert "No course matches" not in html
    assert api_titles(api_client, search="the of") == []
    # With one real word, the common ones are left out, not required.
    assert titles(client, path, q="the fugues of") == ["The art of the fugue"]
    html = client.get(path, {"q": "the zebra"}).content.decode()
    assert "No course matches “the zebra”" in html


@pytest.mark.postgres
def test_a_part_of_a_word_is_no_match_in_full_text(client):
    CourseFactory(title="Python for beginners")

    assert titles(client, q="pyth") == []
    assert titles(client, q="PYTHONS") == ["Python for beginners"]


# The vector (about 1 KB a course on PostgreSQL) is for searching: no page that
# shows courses reads it.


def reads_the_vector(queries) -> list[str]:
    return [q["sql"] for q in queries if "search_vector" in q["sql"]]


def test_pages_showing_courses_never_read_the_search_vector(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.tests.factories import UserFactory
    from courses.tests.factories import add_content

    module = ModuleFactory(course__title="Algebra")
    course = module.course
    content = add_content(module)
    student = UserFactory()
    course.students.add(student)
    paths = {
        course.owner: [
            reverse("courses:manage_course_list"),
            reverse("courses:course_edit", args=[course.pk]),
            reverse("courses:module_content_list", args=[module.pk]),
            reverse("courses:module_content_delete", args=[content.pk]),
        ],
        student: [reverse("students:student_course_list")],
        UserFactory(is_staff=True, is_superuser=True): [
            reverse("admin:courses_course_changelist"),
            reverse("admin:courses_course_change", args=[course.pk]),
            reverse("admin:courses_content_changelist"),
        ],
        None: [CATALOGUE, course.get_absolute_url(), API, f"{API}{course.pk}/"],
    }

    for user, urls in paths.items():
        if user is not None:
            client.force_login(user)
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            assert reads_the_vector(queries) == [], url
        client.logout()
    assert "search_vector" not in client.get(f"{API}{course.pk}/").json()


def test_a_course_loaded_and_saved_leaves_its_vector_alone():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    CourseFactory(title="Algebra")

    with CaptureQueriesContext(connection) as queries:
        course = Course.objects.get()
        course.title = "Topology"
        course.save()
        user_courses = list(course.owner.courses_created.all())

    # Read nowhere, nor written back: only courses.search's UPDATE sets it.
    assert [sql.split()[0] for sql in reads_the_vector(queries)] in (
        [],  # SQLite: no vector kept
        ["UPDATE"],
    )
    assert user_courses == [course]
    # Asked for by name, it is loaded.
    loaded = Course.objects.only("title", "search_vector").get()
    assert loaded.get_deferred_fields() >= {"overview"}
    assert "search_vector" not in loaded.get_deferred_fields()
