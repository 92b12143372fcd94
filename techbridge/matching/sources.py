"""The texts the platform indexes, read from the database as engine documents.

Resources: experts (their papers, patents and past projects), achievements, and through
links institutes (their experts and achievements) and overseas partners (their experts).
Needs are indexed in a separate collection, for near-duplicates and the reverse view.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from techbridge.achievements.models import TechnologicalAchievement
from techbridge.core.keywords import split_keywords
from techbridge.engine.documents import Document
from techbridge.needs.models import TechnologyNeed
from techbridge.organisations.choices import OrganisationKind
from techbridge.people.models import Expert, ProfileDocument, ProjectManager

#: Organisation kinds whose experts make the organisation a match of its own.
PARENT_TYPES = {
    OrganisationKind.INSTITUTE: "institute",
    OrganisationKind.OVERSEAS_PARTNER: "partner",
}


@dataclass(frozen=True)
class Link:
    entity_type: str
    entity_id: str
    parent_type: str
    parent_id: str


def content_hash(document: Document, model: str) -> str:
    """Hash of what the document's text vector is made from (title, body and keywords)."""
    return hashlib.sha1(f"{model}\x00{document.index_text}".encode()).hexdigest()


def keyword_key(doc_id: str) -> str:
    """Where a document's keyword vector is stored."""
    return f"{doc_id}#kw"


def keyword_hash(document: Document, model: str) -> str:
    """Hash of what the document's keyword vector is made from."""
    return hashlib.sha1(f"{model}\x00kw\x00{document.keyword_text}".encode()).hexdigest()


def profile_document(doc: ProfileDocument) -> Document:
    return Document(
        doc_id=f"doc:{doc.pk}",
        entity_id=str(doc.expert_id),
        entity_type="expert",
        title=doc.title,
        text=doc.abstract,
        kind=doc.kind,
        lang=doc.language,
        keywords=split_keywords(doc.keywords),
    )


def achievement_document(item: TechnologicalAchievement) -> Document:
    return Document(
        doc_id=f"ach:{item.pk}",
        entity_id=str(item.pk),
        entity_type="achievement",
        title=item.title,
        text=item.description,
        kind="achievement",
        lang=item.language,
        keywords=split_keywords(item.keywords),
    )


def project_manager_document(pm: ProjectManager) -> Document:
    """A project manager is matched (for assignment) on their project and background."""
    return Document(
        doc_id=f"pm:{pm.pk}",
        entity_id=str(pm.pk),
        entity_type="project_manager",
        title=pm.project_title,
        text=pm.background,
        kind="project",
    )


def need_document(need: TechnologyNeed) -> Document:
    return Document(
        doc_id=f"need:{need.pk}",
        entity_id=str(need.pk),
        entity_type="need",
        title=need.title,
        text=f"{need.description}\n{need.technical_indicators}".strip(),
        kind="need",
        lang=need.language,
    )


def expert_link(expert: Expert) -> Link | None:
    parent = PARENT_TYPES.get(expert.organisation.kind)  # type: ignore[call-overload]
    if parent is None:
        return None
    return Link("expert", str(expert.pk), parent, str(expert.organisation_id))


def achievement_link(item: TechnologicalAchievement) -> Link | None:
    if item.owner.kind != OrganisationKind.INSTITUTE:
        return None
    return Link("achievement", str(item.pk), "institute", str(item.owner_id))


@dataclass(frozen=True)
class Sources:
    """Which records to index; the platform indexes all of them, tests a chosen few."""

    profile_documents: QuerySet[ProfileDocument]
    achievements: QuerySet[TechnologicalAchievement]
    needs: QuerySet[TechnologyNeed]
    project_managers: QuerySet[ProjectManager] | None = None

    @classmethod
    def everything(cls) -> Sources:
        return cls(
            ProfileDocument.objects.all(),
            TechnologicalAchievement.objects.all(),
            TechnologyNeed.objects.all(),
            ProjectManager.objects.all(),
        )

    def resource_documents(self) -> Iterator[Document]:
        for doc in self.profile_documents.order_by("pk").iterator(chunk_size=2000):
            yield profile_document(doc)
        for item in self.achievements.order_by("pk").iterator(chunk_size=2000):
            yield achievement_document(item)
        if self.project_managers is not None:
            for pm in self.project_managers.order_by("pk").iterator(chunk_size=2000):
                yield project_manager_document(pm)

    def need_documents(self) -> Iterator[Document]:
        for need in self.needs.order_by("pk").iterator(chunk_size=2000):
            yield need_document(need)

    def links(self) -> Iterator[Link]:
        experts = Expert.objects.filter(
            pk__in=self.profile_documents.values("expert_id")
        ).select_related("organisation")
        for expert in experts.iterator(chunk_size=2000):
            link = expert_link(expert)
            if link is not None:
                yield link
        for item in self.achievements.select_related("owner").iterator(chunk_size=2000):
            link = achievement_link(item)
            if link is not None:
                yield link


@dataclass
class Resolved:
    """What a set of changed keys holds now: documents to (re)index, links, and keys gone."""

    documents: list[Document]
    links: list[Link]
    gone: list[str]


def resolve(keys: Iterator[str] | list[str] | set[str]) -> Resolved:
    """Re-read the records behind change keys (``doc:12``, ``ach:3``, ``need:7``, ``pm:2``,
    ``expert:9``); a key whose record no longer exists is gone."""
    by_prefix: dict[str, set[int]] = {}
    for key in keys:
        prefix, _, pk = key.partition(":")
        if pk.isdigit():
            by_prefix.setdefault(prefix, set()).add(int(pk))
    out = Resolved([], [], [])
    found: set[str] = set()
    if pks := by_prefix.get("doc"):
        for doc in ProfileDocument.objects.filter(pk__in=pks).select_related(
            "expert__organisation"
        ):
            out.documents.append(profile_document(doc))
            if link := expert_link(doc.expert):
                out.links.append(link)
            found.add(f"doc:{doc.pk}")
    if pks := by_prefix.get("ach"):
        for item in TechnologicalAchievement.objects.filter(pk__in=pks).select_related("owner"):
            out.documents.append(achievement_document(item))
            if link := achievement_link(item):
                out.links.append(link)
            found.add(f"ach:{item.pk}")
    if pks := by_prefix.get("need"):
        for need in TechnologyNeed.objects.filter(pk__in=pks):
            out.documents.append(need_document(need))
            found.add(f"need:{need.pk}")
    if pks := by_prefix.get("pm"):
        for pm in ProjectManager.objects.filter(pk__in=pks):
            out.documents.append(project_manager_document(pm))
            found.add(f"pm:{pm.pk}")
    if pks := by_prefix.get("expert"):
        for expert in Expert.objects.filter(pk__in=pks).select_related("organisation"):
            if link := expert_link(expert):
                out.links.append(link)
    for prefix in ("doc", "ach", "need", "pm"):
        out.gone.extend(
            f"{prefix}:{pk}"
            for pk in sorted(by_prefix.get(prefix, ()))
            if f"{prefix}:{pk}" not in found
        )
    return out


#: The key prefix of each indexed model (``signals.py`` writes changes under these).
KEY_PREFIX = {
    ProfileDocument: "doc",
    TechnologicalAchievement: "ach",
    TechnologyNeed: "need",
    ProjectManager: "pm",
    Expert: "expert",
}
