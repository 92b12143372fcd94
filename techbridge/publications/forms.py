"""The import page's upload form and the review queue's forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from techbridge.core.forms import TablerFormMixin
from techbridge.organisations.models import Organisation
from techbridge.people.choices import AcademicTitle

from .choices import ImportMode

#: The formats' names as the page shows them.
FORMAT_LABELS = {
    "bibtex": "BibTeX",
    "ris": "RIS",
    "endnote": "EndNote / NoteExpress",
    "openalex": "OpenAlex JSON",
    "orcid": "ORCID JSON",
    "crossref": "Crossref JSON",
    "st36": "WIPO ST.36 XML",
    "patent_table": _("专利检索表格（CSV/Excel）"),
}


class ImportForm(TablerFormMixin, forms.Form):
    file = forms.FileField(label=_("文件"))
    source_format = forms.ChoiceField(label=_("格式"), required=False)
    mode = forms.ChoiceField(
        label=_("导入方式"), choices=ImportMode.choices, initial=ImportMode.PARTIAL
    )

    def __init__(
        self,
        *args: Any,
        formats: tuple[str, ...] = (),
        institutes: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source_format"].choices = [  # type: ignore[attr-defined]
            ("", _("自动识别")),
            *((fmt, FORMAT_LABELS.get(fmt, fmt)) for fmt in formats),
        ]
        if institutes is not None and len(institutes) > 1:
            # Staff of several institutes say whose experts the file's authors may be.
            self.fields["institute"] = forms.ModelChoiceField(
                label=_("研究所"),
                queryset=institutes,
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.PUBLICATIONS_IMPORT_MAX_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(_("文件太大：最多 %(mb)s MB。") % {"mb": limit})
        return upload


class NewExpertForm(TablerFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("现任职机构"), queryset=Organisation.objects.none()
    )
    title = forms.ChoiceField(label=_("职称"), choices=AcademicTitle.choices)

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
