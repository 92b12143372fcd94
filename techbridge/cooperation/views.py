"""Pipeline board and list, case pages, and contracts with their milestones."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from techbridge.core.permissions import is_network_staff
from techbridge.jics.models import JointInnovationCenter
from techbridge.needs.services import can_triage

from . import services
from . import visibility as contract_rule
from .choices import STAGE_ORDER, CaseStage
from .documents import DOCUMENTS, DOCX_CONTENT_TYPE, render_case_document
from .forms import (
    CaseMeetingForm,
    CaseMessageForm,
    ContractForm,
    MilestoneFormSet,
    MoveCaseForm,
    PaymentForm,
    SignOffForm,
)
from .invitations import meeting_calendar, meeting_filename
from .models import (
    CaseMeeting,
    CaseMessage,
    ContractMilestone,
    ContractPayment,
    CooperationCase,
    CooperationContract,
    MajorProject,
)
from .tables import CaseTable, ContractTable, JicTable

#: Cards shown per board column (the most recent first); the column header shows the total.
BOARD_CARDS = 30


@login_required
def pipeline(request: HttpRequest) -> HttpResponse:
    cases = services.visible_cases(request.user).select_related("need", "institute")
    columns: list[tuple[str, str, list[Any]]] = [
        (stage, str(CaseStage(stage).label), []) for stage in [*STAGE_ORDER, CaseStage.LOST]
    ]
    by_stage: dict[str, list[Any]] = {stage: items for stage, _label, items in columns}
    totals: dict[str, int] = dict.fromkeys(by_stage, 0)
    now = timezone.now()
    for case in cases:
        case.days_in_stage = (now - case.stage_since).days  # type: ignore[attr-defined]
        totals[case.stage] += 1
        if len(by_stage[case.stage]) < BOARD_CARDS:
            by_stage[case.stage].append(case)
    view = request.GET.get("view", "board")
    table = None
    if view == "list":
        table = CaseTable(cases)
        RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "cooperation/pipeline.html",
        {
            "columns": [(stage, label, items, totals[stage]) for stage, label, items in columns],
            "table": table,
            "view": view,
        },
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(
        services.visible_cases(request.user).select_related("need", "institute", "contract"), pk=pk
    )
    move_form = MoveCaseForm(request.POST if "move" in request.POST else None)
    contract_form = ContractForm(
        request.POST if "contract" in request.POST else None,
        initial={"contractor": case.institute, "signed_on": timezone.localdate()},
    )
    milestones = MilestoneFormSet(
        request.POST if "contract" in request.POST else None, prefix="milestones"
    )
    if request.method == "POST":
        try:
            if "move" in request.POST and move_form.is_valid():
                services.move_case(
                    request.user,
                    case,
                    move_form.cleaned_data["to_stage"],
                    note=move_form.cleaned_data["note"],
                )
                messages.success(request, _("已保存。"))
                return redirect("cooperation:case", pk=case.pk)
            # Both forms are checked (not the second only if the first passes), and then
            # the milestones against the contract, so that every error shows at once.
            contract_ok = "contract" in request.POST and contract_form.is_valid()
            milestones_ok = "contract" in request.POST and milestones.is_valid()
            if contract_ok and milestones_ok:
                rows = [
                    services.MilestoneInput(**f.cleaned_data)
                    for f in milestones
                    if f.cleaned_data and not f.cleaned_data.get("DELETE")
                ]
                data = contract_form.cleaned_data
                problems = services.milestone_problems(
                    data["value_cny"], data["start_on"], data["end_on"], rows
                )
                for problem in problems:
                    contract_form.add_error(None, problem)
                if not problems:
                    contract = services.record_contract(request.user, case, milestones=rows, **data)
                    messages.success(
                        request,
                        _("合同 %(number)s 已登记。") % {"number": contract.contract_number},
                    )
                    return redirect("cooperation:contract", pk=contract.pk)
        except services.CooperationError as error:
            messages.error(request, str(error))
    return render(
        request,
        "cooperation/case.html",
        {
            "case": case,
            "can_move": can_triage(request.user, case.need),
            "move_form": move_form,
            "contract_form": contract_form,
            "milestones": milestones,
            "changes": case.changes.select_related("actor"),
            "time_in_stages": [
                (CaseStage(stage).label, delta)
                for stage, delta in services.time_in_stages(case).items()
            ],
            **_thread_context(case),
            **_meetings_context(case),
            "meeting_form": CaseMeetingForm(),
            "documents": list(DOCUMENTS),
        },
    )


def _visible_case(request: HttpRequest, pk: int) -> CooperationCase:
    """The case for a reader who sees it (``visibility.visible_cases_for``), else 404."""
    return get_object_or_404(services.visible_cases(request.user).select_related("need"), pk=pk)


def _thread_context(case: CooperationCase, form: CaseMessageForm | None = None) -> dict[str, Any]:
    return {
        "case": case,
        "thread": CaseMessage.objects.filter(case=case).select_related("author"),
        "message_form": form or CaseMessageForm(),
    }


def _meetings_context(case: CooperationCase) -> dict[str, Any]:
    now = timezone.now()
    meetings = list(CaseMeeting.objects.filter(case=case).select_related("organiser"))
    return {
        "upcoming_meetings": [m for m in meetings if m.ends_at >= now],
        "past_meetings": [m for m in reversed(meetings) if m.ends_at < now],
    }


@login_required
def case_messages(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's thread (a fragment for htmx); a message posted here goes through
    ``services.post_case_message`` and the thread comes back with it, or with the form and
    its errors (answered 200, which htmx swaps in). Without htmx the post returns to the
    case page, with the errors as messages."""
    case = _visible_case(request, pk)
    form = None
    if request.method == "POST":
        form = CaseMessageForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.post_case_message(
                    request.user,
                    case.pk,
                    form.cleaned_data["body"],
                    form.cleaned_data["attachment"],
                )
            except services.CooperationError as error:
                form.add_error(None, str(error))
            else:
                form = None
        if not request.htmx:  # type: ignore[attr-defined]
            if form is None:
                messages.success(request, _("留言已发布。"))
            else:
                for problems in form.errors.values():
                    for problem in problems:
                        messages.error(request, str(problem))
            return redirect(f"{reverse('cooperation:case', args=[case.pk])}#thread")
    return render(request, "cooperation/_case_thread.html", _thread_context(case, form))


@login_required
def message_attachment(request: HttpRequest, pk: int, message_pk: int) -> FileResponse:
    """A message's attachment, to the case's readers only, as a download (with the type read
    from its content; the platform sends ``X-Content-Type-Options: nosniff``)."""
    case = _visible_case(request, pk)
    message = get_object_or_404(CaseMessage, pk=message_pk, case=case)
    if not message.attachment:
        raise Http404
    return FileResponse(
        message.attachment.open("rb"),
        as_attachment=True,
        filename=message.attachment_name,
        content_type=message.attachment_content_type or "application/octet-stream",
    )


@login_required
@require_POST
def schedule_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """A meeting scheduled from the case page (through ``services.schedule_meeting``)."""
    case = _visible_case(request, pk)
    form = CaseMeetingForm(request.POST)
    if form.is_valid():
        try:
            services.schedule_meeting(request.user, case.pk, **form.cleaned_data)
        except services.CooperationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("会议已安排，邀请已发给对接各方。"))
    else:
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
    return redirect(f"{reverse('cooperation:case', args=[case.pk])}#meetings")


@login_required
def meeting_invitation(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """A meeting's calendar file (.ics), to the case's readers only."""
    case = _visible_case(request, pk)
    meeting = get_object_or_404(
        CaseMeeting.objects.select_related("case"), pk=meeting_pk, case=case
    )
    response = HttpResponse(meeting_calendar(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{meeting_filename(meeting)}"'
    return response


@login_required
def case_document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The case's NDA or contract draft, filled from the product's template, to the case's
    readers only."""
    case = _visible_case(request, pk)
    if kind not in DOCUMENTS:
        raise Http404
    content, filename = render_case_document(case, kind)
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def visible_contracts(request: HttpRequest) -> Any:
    """Headquarters see every contract; others the contracts they are party to."""
    return contract_rule.visible_contracts(request.user)


@login_required
@require_POST
def answer_introduction(request: HttpRequest, pk: int) -> HttpResponse:
    """The introduced expert or institute accepts or declines, from their workspace."""
    case: CooperationCase = get_object_or_404(contract_rule.introductions_to(request.user), pk=pk)
    accept = request.POST.get("answer") == "accept"
    try:
        services.answer_introduction(
            request.user, case.pk, accept=accept, note=request.POST.get("note", "")
        )
    except services.CooperationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已接受引荐。") if accept else _("已婉拒引荐。"))
    return redirect("home")


@login_required
def contract_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    overdue = ContractMilestone.objects.filter(
        contract=OuterRef("pk"), accepted_on__isnull=True, due_on__lt=today
    )
    contracts = (
        visible_contracts(request)
        .select_related("client", "contractor")
        .annotate(has_overdue=Exists(overdue))
        .order_by("-has_overdue", "-signed_on")
    )
    if request.GET.get("overdue"):
        contracts = contracts.filter(has_overdue=True)
    search = request.GET.get("q", "").strip()[:100]
    if search:
        contracts = contracts.filter(
            Q(contract_number__icontains=search)
            | Q(title__icontains=search)
            | Q(title_en__icontains=search)
            | Q(client__name_zh__icontains=search)
            | Q(client__name_en__icontains=search)
            | Q(contractor__name_zh__icontains=search)
            | Q(contractor__name_en__icontains=search)
        )
    table = ContractTable(contracts)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "cooperation/contracts.html",
        {"table": table, "search": search, "overdue": bool(request.GET.get("overdue"))},
    )


def _contract_page(
    request: HttpRequest,
    contract: CooperationContract,
    payment_form: PaymentForm | None = None,
    sign_off: tuple[int, SignOffForm] | None = None,
) -> HttpResponse:
    """The contract page; with a form that came back with errors, answered 400."""
    paid = contract.payments.aggregate(s=Sum("amount_cny"))["s"] or 0
    may_record = contract_rule.may_record_on_contract(request.user, contract)
    milestones = list(contract.milestones.all())
    today = timezone.localdate()
    for m in milestones:
        m.sign_off_form = (  # type: ignore[attr-defined]
            sign_off[1]
            if sign_off is not None and sign_off[0] == m.pk
            else SignOffForm(prefix=f"m{m.pk}", initial={"accepted_on": today})
        )
    return render(
        request,
        "cooperation/contract.html",
        {
            "contract": contract,
            "milestones": milestones,
            "payments": contract.payments.select_related("milestone"),
            "paid": paid,
            "today": today,
            "may_record": may_record,
            "payment_form": payment_form
            or PaymentForm(contract=contract, initial={"received_on": today}),
            "sign_off_for": sign_off[0] if sign_off else None,
        },
        status=400 if payment_form is not None or sign_off is not None else 200,
    )


def _contract(request: HttpRequest, pk: int) -> CooperationContract:
    return get_object_or_404(
        visible_contracts(request).select_related("client", "contractor", "jic"), pk=pk
    )


@login_required
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _contract_page(request, _contract(request, pk))


def _recorder(request: HttpRequest, pk: int) -> CooperationContract:
    contract = _contract(request, pk)
    if not contract_rule.may_record_on_contract(request.user, contract):
        raise PermissionDenied(_("只有总部和合同双方可以记录到账和验收。"))
    return contract


@login_required
@require_POST
def record_payment(request: HttpRequest, pk: int) -> HttpResponse:
    """A payment received, from the contract page (through the payment service)."""
    contract = _recorder(request, pk)
    form = PaymentForm(request.POST, contract=contract)
    if form.is_valid():
        payment = ContractPayment(contract=contract, **form.cleaned_data)
        try:
            services.record_payment(request.user, payment)
        except services.CooperationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("到账已记录。"))
            return redirect("cooperation:contract", pk=contract.pk)
    return _contract_page(request, contract, payment_form=form)


@login_required
@require_POST
def sign_off_milestone(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    """A milestone accepted, with its signed record, from the contract page."""
    contract = _recorder(request, pk)
    milestone = get_object_or_404(ContractMilestone, pk=milestone_pk, contract=contract)
    form = SignOffForm(request.POST, request.FILES, prefix=f"m{milestone.pk}")
    if form.is_valid():
        try:
            services.sign_off_milestone(
                request.user,
                milestone.pk,
                form.cleaned_data["accepted_on"],
                form.cleaned_data["document"],
            )
        except services.CooperationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("里程碑“%(title)s”已验收。") % {"title": milestone.title})
            return redirect("cooperation:contract", pk=contract.pk)
    return _contract_page(request, contract, sign_off=(milestone.pk, form))


@login_required
def acceptance_document(request: HttpRequest, pk: int, milestone_pk: int) -> FileResponse:
    """A milestone's acceptance document, to the contract's readers only, as a download."""
    contract = _contract(request, pk)
    milestone = get_object_or_404(ContractMilestone, pk=milestone_pk, contract=contract)
    if not milestone.acceptance_document:
        raise Http404
    return FileResponse(
        milestone.acceptance_document.open("rb"),
        as_attachment=True,
        filename=str(milestone.acceptance_document.name).rsplit("/", 1)[-1],
        content_type=milestone.acceptance_content_type or "application/octet-stream",
    )


@login_required
def jic_list(request: HttpRequest) -> HttpResponse:
    if not is_network_staff(request.user):
        messages.error(request, _("只有网络工作人员可以查看联合创新中心总览。"))
        return redirect("home")
    jics = (
        JointInnovationCenter.objects.select_related("enterprise", "institute")
        .annotate(
            needs_count=Count("needs", distinct=True),
            projects=Count("contracts", distinct=True),
            # A subquery: summing over the needs × contracts join would count values twice.
            contract_value=Subquery(
                CooperationContract.objects.filter(jic=OuterRef("pk"))
                .values("jic")
                .annotate(s=Sum("value_cny"))
                .values("s")[:1]
            ),
        )
        .order_by("-established_on")
    )
    table = JicTable(jics)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "cooperation/jics.html", {"jics": jics, "table": table})


@login_required
def major_projects(request: HttpRequest) -> HttpResponse:
    if not is_network_staff(request.user):
        messages.error(request, _("只有网络工作人员可以查看重大项目。"))
        return redirect("home")
    projects = (
        MajorProject.objects.select_related("lead_institute")
        .annotate(investment=Sum("funding__amount_cny"))
        .prefetch_related("funding", "milestones")
    )
    return render(request, "cooperation/major_projects.html", {"projects": projects})
