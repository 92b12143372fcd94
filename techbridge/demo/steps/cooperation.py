"""Cooperation: contracts, major projects, cases and joint projects."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter, defaultdict
from decimal import Decimal

from django.contrib.auth import get_user_model

from techbridge.cooperation.models import (
    CaseMeeting,
    CaseMessage,
    CaseStageChange,
    ContractMilestone,
    ContractPayment,
    CooperationCase,
    CooperationContract,
    MajorProject,
    MajorProjectFunding,
    MajorProjectMilestone,
)
from techbridge.cooperation.services import contract_titles
from techbridge.demo.base import (
    DIRECT_CONTRACTS,
    JIC_CONTRACTS,
    LAST_DAY,
    MAJOR_PROJECTS,
    SEED_2020,
    DemoBase,
    _targets,
    random_date,
    split_total,
    year_range,
)
from techbridge.demo.text import phase_suffix
from techbridge.demo.vocabulary import FIELDS, OVERSEAS, FieldVocabulary, Term
from techbridge.institutes.models import ResearchInstitute
from techbridge.jics.models import JointInnovationCenter
from techbridge.needs.models import TechnologyNeed
from techbridge.organisations.models import JointProject, Organisation, PartnershipAgreement
from techbridge.people.models import ProfileDocument


class CooperationSteps(DemoBase):
    def _contracts(self) -> None:
        rng, w = self.rng_, self.world_
        contracts: list[CooperationContract] = []
        used: set[int] = set()
        seq = 0

        def add(
            need: TechnologyNeed | None,
            client: Organisation,
            inst: ResearchInstitute,
            jic: JointInnovationCenter | None,
            value: int,
            year: int,
            f: FieldVocabulary,
        ) -> None:
            nonlocal seq
            seq += 1
            start, end = year_range(year)
            earliest = max(start, need.submitted_on + dt.timedelta(days=20)) if need else start
            signed = random_date(rng, earliest, end)
            # A contract's title never repeats what only the need's readers may know.
            if need:
                title, title_en = contract_titles(need)
            else:
                tech = rng.choice(f.technologies)
                title, title_en = f"{tech.zh}技术开发", f"Development of {tech.en}"
            contracts.append(
                CooperationContract(
                    title=title,
                    title_en=title_en,
                    contract_number=f"JS{year}-{seq:05d}",
                    need=need,
                    jic=jic,
                    client=client,
                    contractor=inst,
                    value_cny=Decimal(value),
                    signed_on=signed,
                    start_on=signed,
                    end_on=signed + dt.timedelta(days=rng.randint(180, 900)),
                    status="signed",
                )
            )
            if need is not None:
                used.add(need.pk)
                need.status = "contracted"

        for year, n in sorted(_targets(JIC_CONTRACTS, "cooperation_projects").items()):
            values = (
                split_total(rng, SEED_2020["contract_value_cny"], n, unit=1_000)
                if year == 2020
                else [rng.randint(80, 900) * 10_000 for _ in range(n)]
            )
            pool = [
                x
                for x in w.jic_needs
                if x.pk not in used
                and x.submitted_on <= year_range(year)[1] - dt.timedelta(days=30)
                and x.submitted_on.year >= year - 2
            ]
            rng.shuffle(pool)
            for need, value in zip(pool[:n], values, strict=True):
                jic = need.jic
                assert jic is not None
                add(
                    need,
                    need.enterprise,
                    jic.institute,
                    jic,
                    value,
                    year,
                    w.institute_field[jic.institute_id],
                )
        for year, n in sorted(DIRECT_CONTRACTS.items()):
            for _ in range(n):
                f = rng.choice(FIELDS)
                insts = [
                    i
                    for i in w.institutes
                    if w.institute_field[i.pk] is f and i.joined_on.year <= year
                ]
                inst = rng.choice(insts or w.institutes)
                pool = [
                    x
                    for x in w.direct_needs
                    if x.pk not in used
                    and x.submitted_on.year in (year - 1, year)
                    and x.submitted_on <= year_range(year)[1] - dt.timedelta(days=30)
                ]
                direct_need = rng.choice(pool) if pool and rng.random() < 0.6 else None
                client = direct_need.enterprise if direct_need else self._enterprise_for(f)
                add(direct_need, client, inst, None, rng.randint(30, 800) * 10_000, year, f)
        contracts = self._bulk(CooperationContract, contracts)
        TechnologyNeed.objects.filter(pk__in=used).update(status="contracted")
        milestones, payments = [], []
        for c in contracts:
            k = rng.randint(2, 4)
            shares = split_total(rng, int(c.value_cny), k, unit=1_000)
            span = (c.end_on - c.start_on).days
            for i, share in enumerate(shares):
                due = c.start_on + dt.timedelta(days=span * (i + 1) // k)
                accepted = due + dt.timedelta(days=rng.randint(-10, 40))
                done = accepted <= LAST_DAY and rng.random() < 0.9
                milestones.append(
                    ContractMilestone(
                        contract=c,
                        title=("方案设计与评审", "样品试制", "中试验证", "验收交付")[
                            min(i + (4 - k), 3)
                        ],
                        due_on=due,
                        accepted_on=accepted if done else None,
                        amount_cny=Decimal(share),
                    )
                )
        milestones = self._bulk(ContractMilestone, milestones)
        for m in milestones:
            if m.accepted_on is not None and m.amount_cny > 0:
                payments.append(
                    ContractPayment(
                        contract_id=m.contract_id,
                        milestone=m,
                        received_on=min(
                            LAST_DAY, m.accepted_on + dt.timedelta(days=rng.randint(5, 60))
                        ),
                        amount_cny=m.amount_cny,
                    )
                )
        self._bulk(ContractPayment, payments)
        statuses = defaultdict(list)
        for c in contracts:
            if c.end_on < LAST_DAY:
                statuses["accepted"].append(c.pk)
            elif c.signed_on < LAST_DAY - dt.timedelta(days=30):
                statuses["in_delivery"].append(c.pk)
        for status, pks in statuses.items():
            CooperationContract.objects.filter(pk__in=pks).update(status=status)

    def _major_projects(self) -> None:
        rng, w = self.rng_, self.world_
        named_2020 = [
            (
                self._field_of("advanced-metals"),
                Term("金属柔性成形新工艺开发及产业化", "A new flexible forming process for metals"),
            ),
            (
                self._field_of("sic-power"),
                Term(
                    "碳化硅外延沉积装备研制",
                    "Epitaxial deposition equipment for silicon carbide electronics",
                ),
            ),
        ]
        projects, funding, milestones = [], [], []
        for year, n in sorted(_targets(MAJOR_PROJECTS, "major_projects").items()):
            totals = (
                split_total(rng, SEED_2020["major_project_investment_cny"], n, unit=100_000)
                if year == 2020
                else [rng.randint(20, 90) * 1_000_000 for _ in range(n)]
            )
            for i, total in enumerate(totals):
                if year == 2020 and i < len(named_2020):
                    f, name = named_2020[i]
                else:
                    f = rng.choice(FIELDS)
                    tech, prod = rng.choice(f.technologies), rng.choice(f.products)
                    name = Term(
                        f"{prod.zh}{tech.zh}重大专项", f"Major project: {tech.en} for {prod.en}"
                    )
                insts = [
                    x
                    for x in w.institutes
                    if w.institute_field[x.pk] is f and x.joined_on.year <= year
                ]
                approved = random_date(rng, *year_range(year))
                p = MajorProject(
                    name_zh=name.zh,
                    name_en=name.en,
                    lead_institute=rng.choice(insts or w.institutes),
                    description=f"面向{f.name.zh}产业链关键环节，填补国内空白并推动成果产业化。",
                    approved_on=approved,
                    status="underway" if year >= 2020 else "completed",
                )
                projects.append((p, total))
        created = self._bulk(MajorProject, [p for p, _ in projects])
        for p, (_, total) in zip(created, projects, strict=True):
            sources = rng.sample(
                ("provincial", "municipal", "enterprise", "network", "social_capital"),
                rng.randint(2, 4),
            )
            for source, amount in zip(
                sources, split_total(rng, total, len(sources), unit=100_000), strict=True
            ):
                funding.append(
                    MajorProjectFunding(project=p, source=source, amount_cny=Decimal(amount))
                )
            for k, title in enumerate(("立项评审", "关键技术突破", "样机/中试", "产业化验收")):
                due = p.approved_on + dt.timedelta(days=180 * (k + 1))
                milestones.append(
                    MajorProjectMilestone(
                        project=p,
                        title=title,
                        due_on=due,
                        completed_on=due if due <= LAST_DAY else None,
                    )
                )
        self._bulk(MajorProjectFunding, funding)
        self._bulk(MajorProjectMilestone, milestones)

    def _cases(self) -> None:
        """The pipeline: a case behind every contract with a need, and cases still under way."""
        rng, w = self.rng_, self.world_
        owner = get_user_model().objects.get(username="hq")
        tz = dt.timezone(dt.timedelta(hours=8))

        def at(day: dt.date) -> dt.datetime:
            return dt.datetime(day.year, day.month, day.day, rng.randint(9, 17), tzinfo=tz)

        cases: list[CooperationCase] = []
        histories: list[list[tuple[str, dt.date, str]]] = []
        contracts = CooperationContract.objects.filter(need__isnull=False).select_related(
            "need", "contractor"
        )
        for c in contracts:
            need = c.need
            assert need is not None
            opened = min(need.submitted_on + dt.timedelta(days=rng.randint(5, 20)), c.signed_on)
            steps = [
                ("introduced", opened, ""),
                ("in_contact", opened + (c.signed_on - opened) / 3, ""),
                ("negotiating", opened + (c.signed_on - opened) * 2 / 3, ""),
                ("contracted", c.signed_on, c.contract_number),
            ]
            if c.status in ("in_delivery", "accepted"):
                steps.append(("in_delivery", c.signed_on + dt.timedelta(days=20), ""))
            if c.status == "accepted":
                steps.append(("accepted", c.end_on, ""))
            cases.append(
                CooperationCase(
                    need=need,
                    resource_type="institute",
                    resource_id=str(c.contractor_id),
                    resource_name=c.contractor.name_zh,
                    resource_name_en=c.contractor.name_en,
                    institute=c.contractor,
                    stage=steps[-1][0],
                    stage_since=at(steps[-1][1]),
                    answer="accepted",
                    answered_at=at(steps[1][1]),
                    owner=owner,
                )
            )
            histories.append(steps)
        contracted_needs = {c.need_id for c in contracts}
        lost_reasons = (
            "企业预算调整，项目暂缓",
            "技术路线与企业规划不符",
            "交付周期无法满足企业要求",
        )
        under_way = [
            n
            for n in w.jic_needs + w.direct_needs
            if n.status in ("open", "matched")
            and n.pk not in contracted_needs
            and n.submitted_on.year >= 2021
        ]
        for need in rng.sample(under_way, min(70, len(under_way))):
            f_code = need.technology_field.code
            insts = [i for i in w.institutes if w.institute_field[i.pk].code == f_code]
            inst = rng.choice(insts or w.institutes)
            stage = rng.choice(("introduced", "introduced", "in_contact", "negotiating", "lost"))
            order = ["introduced", "in_contact", "negotiating"]
            day = need.submitted_on + dt.timedelta(days=rng.randint(3, 15))
            steps = []
            for name in order[: (order.index(stage) + 1) if stage != "lost" else 2]:
                steps.append((name, min(day, LAST_DAY), ""))
                day += dt.timedelta(days=rng.randint(7, 40))
            if stage == "lost":
                steps.append(("lost", min(day, LAST_DAY), rng.choice(lost_reasons)))
            cases.append(
                CooperationCase(
                    need=need,
                    resource_type="institute",
                    resource_id=str(inst.pk),
                    resource_name=inst.name_zh,
                    resource_name_en=inst.name_en,
                    institute=inst,
                    stage=steps[-1][0],
                    stage_since=at(steps[-1][1]),
                    lost_reason=steps[-1][2] if stage == "lost" else "",
                    # A case taken past its introduction was accepted by its institute.
                    answer="pending" if stage == "introduced" else "accepted",
                    answered_at=None if stage == "introduced" else at(steps[1][1]),
                    owner=owner,
                )
            )
            histories.append(steps)
        # The demo's expert account has introductions waiting for an answer: open needs of
        # the expert's field, newest first, introduced in the last weeks of the demo.
        expert = w.experts_by_org[w.institutes[0].pk][0]
        expert_field = w.institute_field[w.institutes[0].pk].code
        introduced = {c.need.pk for c in cases}
        for need in sorted(
            (
                n
                for n in under_way
                if n.technology_field.code == expert_field
                and n.pk not in introduced
                and n.confidentiality == "public_summary"
            ),
            key=lambda n: (n.submitted_on, n.pk),
            reverse=True,
        )[:3]:
            day = min(need.submitted_on + dt.timedelta(days=7), LAST_DAY)
            cases.append(
                CooperationCase(
                    need=need,
                    resource_type="expert",
                    resource_id=str(expert.pk),
                    resource_name=f"{expert.name_zh}（{expert.organisation.name_zh}）",
                    resource_name_en=(
                        f"{expert.name_en or expert.name_zh} ({expert.organisation.name_en})"
                    ),
                    institute=w.institutes[0],
                    stage="introduced",
                    stage_since=at(day),
                    owner=owner,
                )
            )
            histories.append([("introduced", day, "")])
        cases = self._bulk(CooperationCase, cases)
        concluded = list(contracts)
        for contract, case in zip(concluded, cases, strict=False):
            contract.case = case
        CooperationContract.objects.bulk_update(concluded, ["case"])
        changes = []
        for case, steps in zip(cases, histories, strict=True):
            previous = ""
            for name, day, note in steps:
                changes.append(
                    CaseStageChange(
                        case=case,
                        from_stage=previous,
                        to_stage=name,
                        changed_at=at(day),
                        note=note,
                        actor=owner,
                    )
                )
                previous = name
        self._bulk(CaseStageChange, changes)

    def _case_workspaces(self) -> None:
        """Conversations and meetings on the demo enterprise's cases under way: headquarters
        and the enterprise arrange the first technical exchange. Fixed texts and dates (no
        random draw), so every other record stays as it was."""
        User = get_user_model()
        hq = User.objects.get(username="hq")
        enterprise = User.objects.get(username="enterprise")
        organisation = enterprise.memberships.get().organisation_id
        cases = list(
            CooperationCase.objects.filter(
                need__enterprise_id=organisation,
                stage__in=("in_contact", "negotiating", "contracted"),
            ).order_by("stage_since", "pk")[:3]
        )
        tz = dt.timezone(dt.timedelta(hours=8))
        messages: list[tuple[CaseMessage, dt.datetime]] = []
        meetings: list[CaseMeeting] = []
        for n, case in enumerate(cases):
            start = case.stage_since.astimezone(tz).replace(hour=9, minute=30)
            resource = case.resource_name
            thread = [
                (
                    hq,
                    1,
                    f"已与{resource}确认接洽意向。对方希望先了解现有产线的工艺参数、"
                    "质量指标和目前遇到的主要问题，请企业方准备一份简要说明。",
                ),
                (
                    enterprise,
                    2,
                    "好的，我们整理了近三个月的工艺数据和不良品分析，本周五前发到这里。"
                    "涉及配方的部分需要先签保密协议。",
                ),
                (
                    hq,
                    3,
                    "保密协议已按平台模板生成（见右侧“文书”），请双方确认后签署。"
                    "建议安排一次技术交流会，双方技术负责人参加，初步确定合作方式和预算范围。",
                ),
                (enterprise, 4, "同意，下周二下午可以，我方总工和工艺主管参加。"),
            ]
            for author, day, body in thread:
                messages.append(
                    (
                        CaseMessage(case=case, author=author, body=body),
                        start + dt.timedelta(days=day, hours=day),
                    )
                )
            online = n % 2 == 0
            meetings.append(
                CaseMeeting(
                    case=case,
                    title="技术交流会" if online else "合作方案洽谈会",
                    starts_at=(start + dt.timedelta(days=8)).replace(hour=14, minute=0),
                    duration_minutes=90 if online else 120,
                    location="" if online else "江苏省产业技术研究院（南京江北新区）第三会议室",
                    online_url=f"https://meeting.techbridge.example/case-{case.pk}"
                    if online
                    else "",
                    organiser=hq,
                    calendar_uid=uuid.uuid5(uuid.NAMESPACE_URL, f"techbridge-demo-case-{case.pk}"),
                )
            )
        created = self._bulk(CaseMessage, [message for message, _ in messages])
        for message, (_, posted_at) in zip(created, messages, strict=True):
            # The thread's dates follow the case's (``created_at`` is set on insert).
            CaseMessage.objects.filter(pk=message.pk).update(
                created_at=posted_at, updated_at=posted_at
            )
        self._bulk(CaseMeeting, meetings)

    def _frontier_records(self) -> None:
        """Needs no institute of the network can meet yet, and a technology only partners
        abroad work on: the gaps the technology chains are there to show."""
        rng, w = self.rng_, self.world_
        frontier = [
            (
                "integrated-circuits",
                Term("电子特气", "electronic specialty gases"),
                ("高纯电子特气国产化", "电子特气纯度提升至 6N 的提纯工艺", "电子特气在线杂质检测"),
            ),
            (
                "integrated-circuits",
                Term("光刻机关键部件", "lithography tool subsystems"),
                ("光刻机关键部件国产化替代", "光刻机关键部件精密运动平台开发"),
            ),
            (
                "sic-power",
                Term("氧化镓功率器件", "gallium oxide power devices"),
                ("氧化镓功率器件外延与器件工艺", "氧化镓功率器件可靠性评估"),
            ),
        ]
        needs = []
        for code, tech, titles in frontier:
            f = self._field_of(code)
            for title in titles:
                need = self._make_need(
                    self._enterprise_for(f),
                    f,
                    random_date(rng, dt.date(2021, 3, 1), LAST_DAY),
                    None,
                )
                need.title = title
                need.description = (
                    f"公司急需{tech.zh}（{tech.en}）相关技术，目前完全依赖进口，"
                    f"希望寻找能够开展联合攻关的研究团队。"
                )
                need.status = "open"
                needs.append(need)
        w.direct_needs += self._bulk(TechnologyNeed, needs)
        partners_abroad = [
            e
            for org in w.partners
            for e in w.experts_by_org[org.pk]
            if self._field_of(OVERSEAS[w.partners.index(org)][5]).code == "sic-power"
        ]
        docs = [
            ProfileDocument(
                expert=expert,
                kind="paper",
                title=f"Gallium oxide power devices: {topic}",
                abstract=(
                    f"We report gallium oxide power devices with {topic}, "
                    "approaching the material's breakdown field limit."
                ),
                keywords=f"gallium oxide, power devices, {topic}, breakdown field",
                language="en",
                year=rng.randint(2018, 2021),
                venue="IEEE Electron Device Letters",
            )
            for expert in partners_abroad
            for topic in ("high breakdown voltage", "edge termination")
        ]
        self._bulk(ProfileDocument, docs)

    def _joint_projects(self) -> None:
        """Projects institutes run with overseas partners, under the partners' agreements."""
        rng, w = self.extra_rng_, self.world_
        agreements: dict[int, list[PartnershipAgreement]] = defaultdict(list)
        for a in PartnershipAgreement.objects.order_by("signed_on", "pk"):
            agreements[a.partner_id].append(a)
        projects, teams = [], []
        phases: Counter[tuple[int, str]] = Counter()  # a project's name is its register key
        for partner, spec in zip(w.partners, OVERSEAS, strict=True):
            f = self._field_of(spec[5])
            insts = [i for i in w.institutes if w.institute_field[i.pk] is f] or w.institutes
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                agreement = rng.choice(agreements[partner.pk])
                started = random_date(
                    rng, agreement.valid_from, min(agreement.valid_from.replace(month=12), LAST_DAY)
                )
                started = min(started + dt.timedelta(days=rng.randint(30, 400)), LAST_DAY)
                ended = started + dt.timedelta(days=rng.choice((365, 540, 730, 1095)))
                inst = rng.choice(insts)
                tech = rng.choice(f.technologies)
                phases[partner.pk, tech.zh] += 1
                phase = phases[partner.pk, tech.zh]
                projects.append(
                    JointProject(
                        name_zh=f"与{partner.name_zh}{tech.zh}联合研究" + phase_suffix(phase),
                        name_en=f"Joint research on {tech.en} with {partner.name_en}"
                        + phase_suffix(phase, english=True),
                        partner=partner,
                        agreement=agreement,
                        institute=inst,
                        started_on=started,
                        ended_on=ended if ended <= LAST_DAY else None,
                        budget_cny=Decimal(rng.randint(8, 120) * 100_000),
                    )
                )
                people = rng.sample(
                    w.experts_by_org[partner.pk], min(2, len(w.experts_by_org[partner.pk]))
                ) + rng.sample(w.experts_by_org[inst.pk], 1)
                teams.append(people)
        created = self._bulk(JointProject, projects)
        through = JointProject.experts.through
        self._bulk(
            through,
            [
                through(jointproject_id=p.pk, expert_id=e.pk)
                for p, people in zip(created, teams, strict=True)
                for e in people
            ],
        )
