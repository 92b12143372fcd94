"""A case's documents from the product's Word templates: the NDA and the contract draft.

The templates (``document_templates/*.docx``, written by ``make_templates.py`` there) are
filled with docxtpl. A document goes to both parties, so it names the need by the title every
party of its contract may read (``services.contract_title``: the public summary's first
sentence, or the need's field), never by its confidential title.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone

from techbridge.people.models import Expert

from .models import CooperationCase
from .services import contract_of, contract_title

TEMPLATES = Path(__file__).resolve().parent / "document_templates"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: Years the NDA's obligations last after the cooperation ends.
NDA_TERM_YEARS = 3


@dataclass(frozen=True)
class CaseDocument:
    template: str
    filename: str


#: kind -> template and the downloaded file's name (with the case number).
DOCUMENTS = {
    "nda": CaseDocument("nda.docx", "NDA-{number}.docx"),
    "contract": CaseDocument("contract_draft.docx", "contract-draft-{number}.docx"),
}


def case_number(case: CooperationCase) -> str:
    """The case's reference on its documents: its year of opening and its id."""
    return f"TB{timezone.localtime(case.created_at).year}-C{case.pk:05d}"


def _cny(value: Any) -> str:
    return f"人民币 {value:,.2f} 元 (CNY {value:,.2f})"


def document_context(case: CooperationCase) -> dict[str, Any]:
    """What the templates fill in: the parties, the need's shared title, the date, the number,
    and the contract's value, period and milestones where the case has a contract."""
    need = case.need
    expert = ""
    contractor = case.institute.name_zh if case.institute else case.resource_name
    if case.resource_type == "expert":
        person = Expert.objects.filter(pk=int(case.resource_id)).first()
        expert = person.name_zh if person else case.resource_name
    contract = contract_of(case)
    milestones: list[dict[str, str]] = []
    value = period = "由双方商定 (to be agreed)"
    if contract is not None:
        contractor = contract.contractor.name_zh
        value = _cny(contract.value_cny)
        period = f"{contract.start_on.isoformat()} — {contract.end_on.isoformat()}"
        milestones = [
            {"title": m.title, "due_on": m.due_on.isoformat(), "amount": _cny(m.amount_cny)}
            for m in contract.milestones.all()
        ]
    return {
        "case_number": case_number(case),
        "date": timezone.localdate().isoformat(),
        "enterprise": need.enterprise.name_zh,
        "contractor": contractor,
        "expert": expert,
        "need_title": contract_title(need),
        "term_years": NDA_TERM_YEARS,
        "value": value,
        "period": period,
        "milestones": milestones,
    }


def render_case_document(case: CooperationCase, kind: str) -> tuple[bytes, str]:
    """The filled document (``kind``: a key of :data:`DOCUMENTS`) and its file name."""
    # docxtpl with python-docx and lxml (some 15 MB) loads with a first document.
    from docxtpl import DocxTemplate

    document = DOCUMENTS[kind]
    template = DocxTemplate(str(TEMPLATES / document.template))
    # Autoescaped: a name with "&" or "<" stays text, not broken XML.
    template.render(document_context(case), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue(), document.filename.format(number=case_number(case))
