"""Fellows, JITRI University and project manager pages: access and both languages."""

from typing import Any

import pytest
from django.test import Client

from techbridge.core.choices import Role
from techbridge.organisations.models import Enterprise, Organisation
from techbridge.people.models import ProjectManager
from techbridge.talent.models import Fellow, GraduateStudent

pytestmark = pytest.mark.django_db


@pytest.fixture
def hq(user_factory: Any) -> Client:
    client = Client()
    org = Organisation.objects.get(kind="headquarters")
    client.force_login(user_factory("hq-talent", org, Role.HQ_STAFF))
    return client


@pytest.mark.parametrize("path", ["/talent/", "/talent/university/", "/talent/project-managers/"])
def test_pages_render_in_both_languages(hq: Client, path: str) -> None:
    assert hq.get(path).status_code == 200
    assert hq.get(f"/en{path}").status_code == 200


def test_fellows_filters(hq: Client) -> None:
    f = Fellow.objects.order_by("pk")[0]
    params: dict[str, Any] = {
        "level": f.level,
        "institute": f.institute_id,
        "field": f.technology_field_id,
        "year": f.hired_on.year,
    }
    shown = list(hq.get("/talent/", params).context["fellows"])
    expected = Fellow.objects.filter(
        level=f.level,
        institute=f.institute,
        technology_field=f.technology_field,
        hired_on__year=f.hired_on.year,
    )
    assert f in shown and len(shown) == expected.count()
    assert len(hq.get("/talent/", {"year": 2020}).context["fellows"]) == 36  # 2020 figure


def test_university_page_lists_students_with_both_supervisors(hq: Client) -> None:
    response = hq.get("/talent/university/")
    html = response.content.decode()
    student = response.context["students"].rows[0].record
    assert str(student.university_supervisor) in html
    assert str(student.institute_supervisor) in html
    assert 'data-testid="cohorts-table"' in html and 'data-testid="courses-table"' in html
    cohort = student.cohort
    narrowed = hq.get("/talent/university/", {"cohort": cohort.pk}).context
    assert narrowed["students"].paginator.count == cohort.students.count()
    assert 'data-testid="student"' in html and 'data-testid="students-table"' in html


def test_project_manager_detail(hq: Client) -> None:
    pm = ProjectManager.objects.filter(spinoffs__isnull=False).order_by("pk")[0]
    for prefix in ("", "/en"):
        response = hq.get(f"{prefix}/talent/project-managers/{pm.pk}/")
        assert response.status_code == 200
        assert len(response.context["outcomes"].spinoffs) == pm.spinoffs.count()
        assert f"/ventures/{pm.spinoffs.order_by('pk')[0].pk}/" in response.content.decode()


def test_enterprise_users_are_kept_out(user_factory: Any) -> None:
    client = Client()
    org = Enterprise.objects.order_by("pk")[0]
    client.force_login(user_factory("ent-talent", org, Role.ENTERPRISE_USER))
    pm = ProjectManager.objects.order_by("pk")[0]
    for path in ("/talent/", "/talent/university/", f"/talent/project-managers/{pm.pk}/"):
        assert client.get(path).status_code == 403


NINES = "9" * 5000  # int() refuses strings over 4,300 digits


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/talent/", {"year": "²"}),  # "²".isdigit() is True, int("²") fails
        ("/talent/", {"institute": "²"}),
        ("/talent/", {"field": "²"}),
        ("/talent/", {"year": NINES}),
        ("/talent/", {"institute": NINES}),
        ("/talent/", {"year": "99999"}),  # beyond any date
        ("/talent/university/", {"cohort": "²"}),
        ("/talent/university/", {"university": "²"}),
        ("/talent/university/", {"cohort": NINES}),
    ],
)
def test_bad_filters_are_ignored(hq: Client, path: str, params: dict[str, str]) -> None:
    # Given a filter value that is not a plain whole number, the page ignores it
    response = hq.get(path, params)
    assert response.status_code == 200
    if path == "/talent/":
        assert len(response.context["fellows"]) == Fellow.objects.count()
    else:
        assert response.context["students"].paginator.count == GraduateStudent.objects.count()
