"""Register imports: preview of the whole file, every error placed, all or nothing."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from techbridge.institutes.models import ResearchInstitute, RevenueRecord
from techbridge.organisations.models import Enterprise
from techbridge.people.models import Expert
from techbridge.registers import services
from techbridge.ventures.models import EquityStake

pytestmark = pytest.mark.django_db


@pytest.fixture
def hq(settings: Any, tmp_path: Path) -> Client:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    client = Client()
    client.force_login(get_user_model().objects.get(username="hq"))
    return client


def _csv(*lines: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("upload.csv", ("\n".join(lines) + "\n").encode("utf-8"))


def _xlsx(rows: list[list[Any]]) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("upload.xlsx", out.getvalue())


def _free_pair() -> tuple[ResearchInstitute, Enterprise, Enterprise]:
    institute = ResearchInstitute.objects.order_by("pk").first()
    assert institute is not None
    taken = EquityStake.objects.filter(institute=institute).values("enterprise")
    e1, e2 = Enterprise.objects.exclude(pk__in=taken).order_by("pk")[:2]
    return institute, e1, e2


def test_import_happy_path_writes_new_and_updated_rows(hq: Client) -> None:
    # Given a file with two new revenue records and one that exists already (xlsx)
    existing = RevenueRecord.objects.select_related("institute").first()
    assert existing is not None
    institute = existing.institute
    before = RevenueRecord.objects.count()
    upload = _xlsx(
        [
            ["institute", "year", "source", "amount_cny", "origin"],
            [institute.name_zh, 2031, existing.source, "1200000.50", "manual"],
            [institute.short_name or institute.name_zh, 2032, existing.source, 800000, ""],
            [institute.name_zh, existing.year, existing.source, "99.00", existing.origin],
        ]
    )
    # when headquarters uploads it, the preview counts new and updated rows, writes nothing
    preview = hq.post("/registers/revenue-records/import/", {"file": upload})
    assert preview.status_code == 200
    report = preview.context["report"]
    assert (report.total, report.new, report.updated, report.errors) == (3, 2, 1, [])
    assert RevenueRecord.objects.count() == before
    # and confirming writes them all
    token = preview.context["token"]
    done = hq.post(f"/registers/revenue-records/import/{token}/confirm/")
    assert done.status_code == 200
    assert RevenueRecord.objects.count() == before + 2
    existing.refresh_from_db()
    assert str(existing.amount_cny) == "99.00"
    assert RevenueRecord.objects.get(institute=institute, year=2031).amount_cny == 1200000.50
    # and the progress endpoint reports completion
    state = hq.get(f"/registers/revenue-records/import/{token}/progress/")
    assert state.context["state"]["state"] == "done"
    assert state.context["state"]["report"]["new"] == 2
    assert 'data-state="done"' in state.content.decode()
    # and every written row has its change history, by the importing user
    history = LogEntry.objects.get_for_objects(
        RevenueRecord.objects.filter(pk__in=[existing.pk, *new_pks(institute)])
    )
    assert sorted(e.action for e in history) == [
        LogEntry.Action.CREATE,
        LogEntry.Action.CREATE,
        LogEntry.Action.UPDATE,
    ]
    assert {e.actor.username for e in history} == {"hq"}
    assert all(e.additional_data == {"source": "import"} for e in history)


def new_pks(institute: ResearchInstitute) -> list[int]:
    rows = RevenueRecord.objects.filter(institute=institute, year__in=(2031, 2032))
    return list(rows.values_list("pk", flat=True))


BAD_HEADER = "institute,enterprise,equity_pct,acquired_on"


def _bad_file() -> tuple[SimpleUploadedFile, ResearchInstitute]:
    institute, e1, e2 = _free_pair()
    return (
        _csv(
            BAD_HEADER,
            f"{institute.name_zh},{e1.name_zh},5,2024-01-01",  # row 2: valid
            f"不存在的研究所,{e2.name_zh},5,2024-01-01",  # 3: wrong foreign key
            f"{institute.name_zh},{e2.name_zh},5,2024-13-45",  # 4: bad date
            f"{institute.name_zh},{e2.name_zh},-3,2024-01-01",  # 5: constraint (negative)
            f"{institute.name_zh},{e1.name_zh},7,2024-02-01",  # 6: duplicates row 2's key
            f"{institute.name_zh},{e2.name_zh},7,",  # 7: a required value missing
        ),
        institute,
    )


def _placed(report: Any) -> dict[tuple[int, str], str]:
    return {(e.row, e.column): e.reason for e in report.errors}


def test_bad_rows_are_all_reported_in_chinese_and_nothing_is_written(hq: Client) -> None:
    upload, _institute = _bad_file()
    before = EquityStake.objects.count()
    response = hq.post("/registers/equity-stakes/import/", {"file": upload})
    report = response.context["report"]
    placed = _placed(report)
    assert set(placed) == {
        (3, "institute"),
        (4, "acquired_on"),
        (5, "equity_pct"),
        (6, "institute"),
        (7, "acquired_on"),
    }
    assert "找不到“不存在的研究所”" in placed[(3, "institute")]
    assert "2024-13-45" in placed[(4, "acquired_on")] and "YYYY-MM-DD" in placed[(4, "acquired_on")]
    assert placed[(5, "equity_pct")] == "持股比例须大于 0 且不超过 100%。"
    assert placed[(7, "acquired_on")] == "这个值不能为 null。"
    assert "第 2 行" in placed[(6, "institute")]
    assert response.context["token"] == ""  # nothing to confirm
    page = response.content.decode()
    assert 'data-row="5" data-column="equity_pct"' in page
    assert EquityStake.objects.count() == before


def test_bad_rows_are_reported_in_english(hq: Client) -> None:
    upload, _institute = _bad_file()
    response = hq.post("/en/registers/equity-stakes/import/", {"file": upload})
    placed = _placed(response.context["report"])
    assert set(placed) == {
        (3, "institute"),
        (4, "acquired_on"),
        (5, "equity_pct"),
        (6, "institute"),
        (7, "acquired_on"),
    }
    assert placed[(7, "acquired_on")] == "This field cannot be null."
    with translation.override("en"):
        rule = next(c for c in EquityStake._meta.constraints if c.name == "stake_pct_in_range")
        assert placed[(5, "equity_pct")] == str(rule.get_violation_error_message())
    assert 'lang="en"' in response.content.decode()


def test_missing_required_column_is_reported_on_the_header_row(hq: Client) -> None:
    institute, e1, _e2 = _free_pair()
    upload = _csv("institute,enterprise,equity_pct", f"{institute.name_zh},{e1.name_zh},5")
    before = EquityStake.objects.count()
    report = hq.post("/registers/equity-stakes/import/", {"file": upload}).context["report"]
    assert [(e.row, e.column) for e in report.errors] == [(1, "acquired_on")]
    assert report.errors[0].reason == "缺少必填列。"
    assert EquityStake.objects.count() == before


def test_required_values_and_unknown_ids(hq: Client) -> None:
    # an expert without any name breaks the model's constraint; an unknown id is refused
    org = Enterprise.objects.first()
    assert org is not None
    upload = _csv(
        "id,name_zh,name_en,organisation,title,country,email,bio_zh",
        f",,,{org.name_zh},professor,CN,,",
        f"99999999,王某,,{org.name_zh},professor,CN,,",
        f",李某,,{org.name_zh},wizard,CN,not-an-email,",
    )
    report = hq.post("/registers/experts/import/", {"file": upload}).context["report"]
    placed = _placed(report)
    assert placed[(2, "name_zh")] == "专家至少需要中文或英文姓名。"
    assert "99999999" in placed[(3, "id")]
    assert "wizard" in placed[(4, "title")]
    assert (4, "email") in placed


def test_confirm_validates_again(hq: Client) -> None:
    # Given a valid file previewed
    institute, e1, _e2 = _free_pair()
    upload = _csv(BAD_HEADER, f"{institute.name_zh},{e1.name_zh},5,2024-01-01")
    before = EquityStake.objects.count()
    preview = hq.post("/registers/equity-stakes/import/", {"file": upload})
    token = preview.context["token"]
    assert token and preview.context["report"].valid
    # when the stored file changes before the confirmation (never trust the preview)
    stored = Path(services._upload_dir()) / f"{token}.csv"
    stored.write_text(f"{BAD_HEADER}\n{institute.name_zh},{e1.name_zh},150,2024-01-01\n")
    hq.post(f"/registers/equity-stakes/import/{token}/confirm/")
    # then the import fails with the error placed, and nothing is written
    state = hq.get(f"/registers/equity-stakes/import/{token}/progress/").context["state"]
    assert state["state"] == "failed"
    assert [(e["row"], e["column"]) for e in state["report"]["errors"]] == [(2, "equity_pct")]
    assert EquityStake.objects.count() == before


def test_upload_token_is_bound_to_its_user(hq: Client, user_factory: Any) -> None:
    institute, e1, _e2 = _free_pair()
    upload = _csv(BAD_HEADER, f"{institute.name_zh},{e1.name_zh},5,2024-01-01")
    token = hq.post("/registers/equity-stakes/import/", {"file": upload}).context["token"]
    other = user_factory("admin2", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(other)
    response = client.post(f"/registers/equity-stakes/import/{token}/confirm/")
    assert "找不到上传的文件" in response.content.decode()
    assert not EquityStake.objects.filter(institute=institute, enterprise=e1).exists()


def test_template_has_the_header_row(hq: Client) -> None:
    response = hq.get("/registers/experts/template.csv")
    assert response.content.decode("utf-8-sig").strip().split(",")[:3] == [
        "id",
        "name_zh",
        "name_en",
    ]


def test_wrong_file_type_is_refused(hq: Client) -> None:
    upload = SimpleUploadedFile("upload.pdf", b"%PDF-1.4")
    response = hq.post("/registers/experts/import/", {"file": upload})
    assert "CSV" in response.context["form"].errors["file"][0]


def _import(hq: Client, slug: str, upload: SimpleUploadedFile) -> Any:
    preview = hq.post(f"/registers/{slug}/import/", {"file": upload})
    assert preview.status_code == 200
    report = preview.context["report"]
    if report.valid:
        done = hq.post(f"/registers/{slug}/import/{preview.context['token']}/confirm/")
        assert done.context["state"]["state"] == "done", done.context["state"]["report"]["errors"]
    return report


def test_importing_the_same_experts_twice_updates_instead_of_duplicating(hq: Client) -> None:
    # Given a hand-made file of two new experts, without ids, keyed by their e-mail
    institute = ResearchInstitute.objects.order_by("pk")[0]
    header = "id,name_zh,name_en,organisation,title,country,email"
    rows = [
        f",钱伟,Wei Qian,{institute.name_zh},professor,CN,wei.qian@example.org",
        f",孙丽,Li Sun,{institute.name_zh},engineer,CN,li.sun@example.org",
    ]
    before = Expert.objects.count()
    first = _import(hq, "experts", _csv(header, *rows))
    assert (first.new, first.updated, first.unchanged, first.errors) == (2, 0, 0, [])
    assert Expert.objects.count() == before + 2
    # When the same file comes again, nothing is new and nothing changes
    again = _import(hq, "experts", _csv(header, *rows))
    assert (again.new, again.updated, again.unchanged, again.errors) == (0, 0, 2, [])
    assert Expert.objects.count() == before + 2
    # and a changed title under the same e-mail (in other case) updates that expert
    changed = rows[1].replace("engineer", "senior_engineer").replace("li.sun", "Li.Sun")
    third = _import(hq, "experts", _csv(header, rows[0], changed))
    assert (third.new, third.updated, third.unchanged) == (0, 1, 1)
    assert Expert.objects.get(email__iexact="li.sun@example.org").title == "senior_engineer"
    assert Expert.objects.count() == before + 2
    # and a file naming one e-mail twice is refused at the second row
    twice = _import(hq, "experts", _csv(header, rows[0], rows[0].replace("钱伟", "钱伟二")))
    assert [(e.row, e.column) for e in twice.errors] == [(3, "email")]
