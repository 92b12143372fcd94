"""What matching keeps in the database: document vectors, and people's decisions on matches."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from pgvector.django import VectorField

from techbridge.core.models import TimeStampedModel

from .choices import DecisionAction, ResourceType


class DocumentVector(TimeStampedModel):
    """The encoder's vector of one indexed text, kept so a restart never re-encodes it.

    ``content_hash`` covers the text and the encoder, so a changed text or model is
    re-encoded and everything else is reused.
    """

    key = models.CharField(_("文档键"), max_length=60, unique=True)
    content_hash = models.CharField(_("内容摘要"), max_length=40)
    model = models.CharField(_("编码模型"), max_length=100)
    dim = models.PositiveSmallIntegerField(_("维度"))
    vector = models.BinaryField(_("向量（float16）"))

    #: Derived from the texts, re-computable: not worth a change history.
    audited = False

    class Meta:
        ordering = ["key"]
        verbose_name = _("文档向量")
        verbose_name_plural = pgettext_lazy("plural", "文档向量")

    def __str__(self) -> str:
        return self.key


class MatchDecision(TimeStampedModel):
    """A person's decision on one match of one need: shortlist, dismiss, introduce, contract."""

    need = models.ForeignKey(
        "needs.TechnologyNeed",
        verbose_name=_("技术需求"),
        on_delete=models.CASCADE,
        related_name="match_decisions",
    )
    resource_type = models.CharField(_("资源类型"), max_length=20, choices=ResourceType.choices)
    resource_id = models.CharField(_("资源编号"), max_length=40)
    action = models.CharField(_("决定"), max_length=20, choices=DecisionAction.choices)
    reason = models.TextField(_("理由"), blank=True)
    score = models.FloatField(_("匹配分"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="match_decisions",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("匹配决定")
        verbose_name_plural = pgettext_lazy("plural", "匹配决定")
        indexes = [
            models.Index(
                fields=["need", "resource_type", "resource_id"], name="decision_lookup_idx"
            ),
            models.Index(fields=["resource_type", "resource_id"], name="decision_resource_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.need_id} · {self.resource_type}:{self.resource_id} · {self.action}"


class IndexChange(models.Model):
    """One committed change to an indexed record, for every process's index to follow.

    Written in the same transaction as the change itself (by the save and delete handlers in
    ``signals.py`` and by bulk imports), so a change that commits is never missed and one that
    rolls back never shows. ``key`` names the record (``doc:12``, ``need:7``, ``expert:3``);
    a follower re-reads it, so one row covers creation, edits, visibility and deletion.
    """

    id = models.BigAutoField(primary_key=True)
    key = models.CharField(_("文档键"), max_length=60)
    #: The writing transaction's id on PostgreSQL (0 on SQLite), see ``index.ChangeCursor``.
    xid = models.BigIntegerField(_("事务号"), default=0, db_index=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    audited = False

    class Meta:
        ordering = ["id"]
        verbose_name = _("索引变更")
        verbose_name_plural = pgettext_lazy("plural", "索引变更")

    def __str__(self) -> str:
        return f"{self.pk} · {self.key}"


class IndexFollower(models.Model):
    """Where one serving process's matching index stands (reported by ``/healthz``)."""

    name = models.CharField(_("进程"), max_length=120, unique=True)
    state = models.CharField(_("状态"), max_length=20)
    indexed = models.PositiveIntegerField(_("已索引"), default=0)
    applied = models.BigIntegerField(_("已应用的变更"), default=0)
    seen_at = models.DateTimeField(_("最近报告"))

    audited = False

    class Meta:
        ordering = ["name"]
        verbose_name = _("索引进程")
        verbose_name_plural = pgettext_lazy("plural", "索引进程")

    def __str__(self) -> str:
        return self.name


class IndexCollection(models.IntegerChoices):
    RESOURCES = 0, _("资源")
    NEEDS = 1, _("需求")


class IndexedDocument(models.Model):
    """One document of the shared matching index, the index of PostgreSQL deployments
    (``shared.py``): its owner, its vectors in pgvector columns and its analysed terms.

    Derived from the records and the stored vectors by the index's applier; never edited.
    The HNSW indexes over the vectors are made by ``shared.ensure_vector_indexes`` once the
    encoder's dimension is known (an expression index over ``embedding::vector(dim)``).
    """

    key = models.BigAutoField(primary_key=True)
    collection = models.PositiveSmallIntegerField(_("集合"), choices=IndexCollection.choices)
    doc_id = models.CharField(_("文档键"), max_length=60, unique=True)
    entity_type = models.CharField(_("实体类型"), max_length=20)
    entity_id = models.CharField(_("实体编号"), max_length=40)
    title = models.TextField(_("标题"), blank=True)
    kind = models.CharField(_("类别"), max_length=30, blank=True)
    #: The analyser's index terms (explanations read them; postings hold the weights).
    terms = models.JSONField(_("检索词"), default=list)
    length = models.PositiveIntegerField(_("词数"))
    #: How Chinese the text is, 0-1 (``engine.text.han_share``): language centring reads it.
    han = models.FloatField(_("中文占比"), default=0.0)
    content_hash = models.CharField(_("内容摘要"), max_length=40)
    embedding = VectorField(_("向量"))
    keyword_embedding = VectorField(_("关键词向量"), null=True, blank=True)

    audited = False
    #: Reads may go to a read replica (``core.db_router``).
    replica_reads = True

    class Meta:
        ordering = ["key"]
        verbose_name = _("索引文档")
        verbose_name_plural = pgettext_lazy("plural", "索引文档")
        indexes = [
            models.Index(
                fields=["collection", "entity_type", "entity_id"], name="indexed_doc_entity_idx"
            )
        ]

    def __str__(self) -> str:
        return self.doc_id


class IndexedTerm(models.Model):
    """How many documents of a collection hold a term (BM25's document frequency)."""

    pk = models.CompositePrimaryKey("collection", "term")
    collection = models.PositiveSmallIntegerField(_("集合"), choices=IndexCollection.choices)
    term = models.CharField(_("词"), max_length=100)
    documents = models.PositiveIntegerField(_("文档数"))

    audited = False
    replica_reads = True

    class Meta:
        verbose_name = _("索引词")
        verbose_name_plural = pgettext_lazy("plural", "索引词")

    def __str__(self) -> str:
        return self.term


class IndexedPosting(models.Model):
    """A term of a document with its BM25 term weight, ``tf / (tf + k1 (1 - b + b dl/avgdl))``
    (the IDF is applied at query time from :class:`IndexedTerm`)."""

    pk = models.CompositePrimaryKey("collection", "term", "document")
    collection = models.PositiveSmallIntegerField(_("集合"), choices=IndexCollection.choices)
    term = models.CharField(_("词"), max_length=100)
    document = models.BigIntegerField(_("文档"))
    tf = models.PositiveIntegerField(_("词频"))
    weight = models.FloatField(_("词权重"))

    audited = False
    replica_reads = True

    class Meta:
        verbose_name = _("倒排项")
        verbose_name_plural = pgettext_lazy("plural", "倒排项")
        indexes = [
            # A term's best postings first: the lexical side reads a bounded head per term.
            models.Index(
                fields=["collection", "term", "-weight"],
                include=["document"],
                name="indexed_posting_impact_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.term} · {self.document}"


class IndexedLink(models.Model):
    """An entity's parent in the shared index (an expert's institute or partner)."""

    pk = models.CompositePrimaryKey("entity_type", "entity_id")
    entity_type = models.CharField(_("实体类型"), max_length=20)
    entity_id = models.CharField(_("实体编号"), max_length=40)
    parent_type = models.CharField(_("上级类型"), max_length=20)
    parent_id = models.CharField(_("上级编号"), max_length=40)

    audited = False
    replica_reads = True

    class Meta:
        verbose_name = _("索引隶属")
        verbose_name_plural = pgettext_lazy("plural", "索引隶属")

    def __str__(self) -> str:
        return f"{self.entity_type}:{self.entity_id} → {self.parent_type}:{self.parent_id}"


class SharedIndexState(models.Model):
    """Where the shared index of one collection stands: its size, the change feed's
    position, and the portfolio statistics (``portfolio`` holds them as an ``.npz``)."""

    collection = models.PositiveSmallIntegerField(
        _("集合"), choices=IndexCollection.choices, primary_key=True
    )
    model = models.CharField(_("编码模型"), max_length=200, blank=True)
    dim = models.PositiveSmallIntegerField(_("维度"), default=0)
    documents = models.PositiveIntegerField(_("文档数"), default=0)
    total_length = models.BigIntegerField(_("总词数"), default=0)
    #: The average document length the postings' weights were computed with.
    weight_avgdl = models.FloatField(_("权重的平均长度"), default=0)
    #: Changes of transactions from this id on are read again (see ``index.ChangeCursor``).
    low_xid = models.BigIntegerField(_("变更游标"), default=0)
    #: Ids of changes of transactions from ``low_xid`` on that are applied already.
    seen = models.JSONField(_("已应用的较新变更"), default=list)
    applied = models.BigIntegerField(_("已应用的变更"), default=0)
    built_at = models.DateTimeField(_("建成时间"), null=True, blank=True)
    portfolio = models.BinaryField(_("组合统计"), null=True, blank=True)
    portfolio_stale = models.BooleanField(_("组合统计待更新"), default=True)
    portfolio_version = models.PositiveIntegerField(_("组合统计版本"), default=0)

    audited = False
    replica_reads = True

    class Meta:
        verbose_name = _("共享索引状态")
        verbose_name_plural = pgettext_lazy("plural", "共享索引状态")

    def __str__(self) -> str:
        return f"{self.collection} · {self.documents}"
