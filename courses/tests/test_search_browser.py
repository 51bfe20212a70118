"""Browser test of the catalogue search (issue 19): a visitor searches from the
search box and pages through the results, the query kept on every page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from courses.caching import COURSES_PER_PAGE
from courses.tests.factories import CourseFactory

pytestmark = pytest.mark.browser


def test_a_visitor_searches_and_pages_through_the_results_with_the_query_kept(
    page,
):
    matching = COURSES_PER_PAGE + 3  # two pages of results
    for n in range(matching):
        CourseFactory(title=f"Astronomy {n:02}")
    CourseFactory(title="Baking bread")
    page.goto(reverse("courses:course_list"))

    page.get_by_role("searchbox").fill("astronomy")
    page.get_by_role("searchbox").press("Enter")

    expect(page).to_have_url(re.compile(r"\?q=astronomy$"))
    expect(page.get_by_text(f"{matching} courses match “astronomy”")).to_be_visible()
    titles = page.locator("article.card h2, article.card h3")
    expect(titles).to_have_count(COURSES_PER_PAGE)
    first_page = titles.all_inner_texts()

    page.get_by_role("link", name=re.compile("More matches")).click()

    expect(page).to_have_url(re.compile(r"\?q=astronomy&page=2$"))
    expect(page.get_by_role("searchbox")).to_have_value("astronomy")
    expect(titles).to_have_count(matching - COURSES_PER_PAGE)
    shown = first_page + titles.all_inner_texts()
    assert sorted(shown) == [f"Astronomy {n:02}" for n in range(matching)]
    expect(page.get_by_text("Baking bread")).to_have_count(0)

    page.get_by_role("link", name=re.compile("Better matches")).click()

    expect(page).to_have_url(re.compile(r"\?q=astronomy&page=1$"))
    expect(page.get_by_role("searchbox")).to_have_value("astronomy")
