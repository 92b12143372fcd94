"""People: experts, project managers, fellows, graduate students and JITRI University."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from techbridge.demo import text
from techbridge.demo.base import (
    FELLOWS,
    LAST_DAY,
    PMS,
    STUDENTS,
    DemoBase,
    _mailbox,
    _targets,
    random_date,
    topic_keywords,
    year_range,
)
from techbridge.demo.vocabulary import (
    OVERSEAS,
    OVERSEAS_FAMILY,
    OVERSEAS_GIVEN,
    UNIVERSITIES,
    FieldVocabulary,
    Term,
)
from techbridge.organisations.models import Organisation
from techbridge.people.models import (
    Affiliation,
    Expert,
    ProfileDocument,
    ProjectManager,
    ProjectManagerTeamMember,
)
from techbridge.talent.models import (
    CourseEnrolment,
    Fellow,
    GraduateCohort,
    GraduateStudent,
    ProjectCourse,
)


class PeopleSteps(DemoBase):
    def _experts(self) -> None:
        rng, w = self.rng_, self.world_
        experts: list[Expert] = []
        expert_field: list[FieldVocabulary] = []
        orgs: list[tuple[Organisation, FieldVocabulary, str]] = []
        for inst in w.institutes:
            for _ in range(rng.randint(5, 7)):
                orgs.append((inst, w.institute_field[inst.pk], "CN"))
        strengths = {t.zh: codes for t, _region, codes in UNIVERSITIES}
        for uni in w.universities:
            # A university's experts work in the fields it is known for.
            uni_fields = [self._field_of(code) for code in strengths[uni.name_zh]]
            for _ in range(rng.randint(10, 14)):
                orgs.append((uni, rng.choice(uni_fields), "CN"))
        for partner, spec in zip(w.partners, OVERSEAS, strict=True):
            for _ in range(rng.randint(2, 3)):
                orgs.append((partner, self._field_of(spec[5]), spec[3]))
        for org, f, country in orgs:
            if country == "CN":
                name = self._person()
                title = rng.choice(
                    (
                        "professor",
                        "professor",
                        "associate_professor",
                        "researcher",
                        "associate_researcher",
                        "senior_engineer",
                    )
                )
            else:
                en = f"{rng.choice(OVERSEAS_GIVEN)} {rng.choice(OVERSEAS_FAMILY)}"
                name = Term("", en)
                title = rng.choice(("professor", "associate_professor", "researcher"))
            experts.append(
                Expert(
                    name_zh=name.zh,
                    name_en=name.en,
                    organisation=org,
                    title=title,
                    country=country,
                    email=f"{_mailbox(name.en)}{rng.randint(1, 99)}@example.org",
                    bio_zh=f"长期从事{f.name.zh}研究，主要方向为{rng.choice(f.technologies).zh}。"
                    if country == "CN"
                    else "",
                    bio_en=(
                        f"Works on {f.name.en.lower()}, "
                        f"in particular {rng.choice(f.technologies).en}."
                    ),
                )
            )
            expert_field.append(f)
        experts = self._bulk(Expert, experts)
        through = Expert.technology_fields.through
        links = []
        docs: list[ProfileDocument] = []
        affiliations: list[Affiliation] = []
        for expert, f in zip(experts, expert_field, strict=True):
            w.experts_by_org[expert.organisation_id].append(expert)
            links.append(through(expert_id=expert.pk, technologyfield_id=w.fields[f.code].pk))
            specialty = rng.sample(list(f.technologies), 3)
            for _ in range(rng.randint(4, 9)):
                topic = text.pick_topic(rng, f, specialty)
                kind = rng.choices(("paper", "patent", "project"), (0.65, 0.25, 0.10))[0]
                lang = "en" if expert.country != "CN" or rng.random() < 0.45 else "zh"
                year = rng.randint(2012, 2021)
                if kind == "paper":
                    t = text.paper(rng, topic, lang)
                elif kind == "patent":
                    number = (
                        f"CN{rng.randint(10**8, 10**9 - 1)}A"
                        if lang == "zh"
                        else f"US{rng.randint(10**6, 10**7 - 1)}B2"
                    )
                    t = text.patent(rng, topic, lang, number)
                else:
                    t = text.project(rng, topic, lang)
                docs.append(
                    ProfileDocument(
                        expert=expert,
                        kind=kind,
                        title=t.title,
                        abstract=t.body,
                        keywords=topic_keywords(self.keyword_rng_, topic, f, lang),
                        language=lang,
                        year=year,
                        venue=t.venue,
                    )
                )
            start = dt.date(rng.randint(2005, 2018), rng.randint(1, 12), 1)
            affiliations.append(
                Affiliation(
                    expert=expert,
                    organisation_id=expert.organisation_id,
                    position=rng.choice(
                        ("首席科学家", "研究员", "教授", "Professor", "Group leader")
                    ),
                    start_date=start,
                )
            )
            if rng.random() < 0.5:
                prev_org = rng.choice(w.universities)
                prev_start = dt.date(start.year - rng.randint(3, 8), rng.randint(1, 12), 1)
                affiliations.append(
                    Affiliation(
                        expert=expert,
                        organisation=prev_org,
                        position=rng.choice(("讲师", "博士后", "Postdoctoral fellow", "副教授")),
                        start_date=prev_start,
                        end_date=start - dt.timedelta(days=1),
                    )
                )
        self._bulk(through, links)
        self._bulk(ProfileDocument, docs)
        self._bulk(Affiliation, affiliations)

    def _project_managers(self) -> None:
        rng, w = self.rng_, self.world_
        pms = []
        for year, n in sorted(_targets(PMS, "project_managers").items()):
            eligible = [i for i in w.institutes if i.joined_on.year <= year]
            for _ in range(n):
                inst = rng.choice(eligible)
                f = w.institute_field[inst.pk]
                name = self._person()
                origin = rng.choice(("CN", "CN", "US", "DE", "GB", "JP", "SG", "CA"))
                tech = rng.choice(f.technologies)
                pms.append(
                    ProjectManager(
                        name_zh=name.zh,
                        name_en=name.en,
                        institute=inst,
                        introduced_on=random_date(
                            rng, max(inst.joined_on, year_range(year)[0]), year_range(year)[1]
                        ),
                        origin_country=origin,
                        background=(
                            f"曾在{'海外' if origin != 'CN' else '国内'}知名企业"
                            f"从事{tech.zh}研发十余年。"
                        ),
                        project_title=f"{tech.zh}产业化 / Commercialising {tech.en}",
                        technology_field=w.fields[f.code],
                        capacity=rng.randint(3, 8),
                    )
                )
        pms = self._bulk(ProjectManager, pms)
        team = []
        for pm in pms:
            w.pms_by_institute[pm.institute_id].append(pm)
            for _ in range(rng.randint(2, 5)):
                team.append(
                    ProjectManagerTeamMember(
                        project_manager=pm,
                        name=self._person().zh,
                        role=rng.choice(("core", "engineer", "engineer", "business")),
                        joined_on=random_date(rng, pm.introduced_on, LAST_DAY),
                    )
                )
        self._bulk(ProjectManagerTeamMember, team)

    def _fellows(self) -> None:
        rng, w = self.rng_, self.world_
        fellows = []
        for year, n in sorted(_targets(FELLOWS, "fellows").items()):
            eligible = [i for i in w.institutes if i.joined_on.year <= year]
            for _ in range(n):
                inst = rng.choice(eligible)
                fellows.append(
                    Fellow(
                        expert=rng.choice(w.experts_by_org[inst.pk]),
                        level=rng.choice(("fellow", "junior_fellow", "junior_fellow")),
                        institute=inst,
                        technology_field=w.fields[w.institute_field[inst.pk].code],
                        hired_on=random_date(
                            rng, max(inst.joined_on, year_range(year)[0]), year_range(year)[1]
                        ),
                    )
                )
        self._bulk(Fellow, fellows)

    def _students(self) -> None:
        rng, w = self.rng_, self.world_
        students = []
        for year, n in sorted(_targets(STUDENTS, "graduates").items()):
            eligible = [i for i in w.institutes if i.joined_on.year <= year]
            for _ in range(n):
                inst = rng.choice(eligible)
                uni = rng.choice(w.universities)
                f = w.institute_field[inst.pk]
                name = self._person()
                degree = "master" if rng.random() < 0.75 else "doctor"
                enrolled = dt.date(year, 9, rng.randint(1, 20))
                finish = enrolled.replace(year=year + (3 if degree == "master" else 4), month=6)
                tech = rng.choice(f.technologies)
                students.append(
                    GraduateStudent(
                        name_zh=name.zh,
                        name_en=name.en,
                        university=uni,
                        institute=inst,
                        university_supervisor=rng.choice(w.experts_by_org[uni.pk]),
                        institute_supervisor=rng.choice(w.experts_by_org[inst.pk]),
                        degree=degree,
                        enrolled_on=enrolled,
                        graduated_on=finish if finish <= LAST_DAY else None,
                        project_title=f"{tech.zh}关键问题研究 / Key problems of {tech.en}",
                    )
                )
        self._bulk(GraduateStudent, students)

    def _jitri_university(self) -> None:
        """Cohorts per university and intake year, and project-based courses with grades."""
        rng, w = self.extra_rng_, self.world_
        students = list(GraduateStudent.objects.order_by("pk"))
        intakes = sorted({(st.university_id, st.enrolled_on.year) for st in students})
        uni_by_pk = {u.pk: u for u in w.universities}
        cohorts = self._bulk(
            GraduateCohort,
            [
                GraduateCohort(
                    university_id=uni,
                    year=year,
                    name_zh=f"{uni_by_pk[uni].name_zh}{year}级集萃研究生班",
                    name_en=f"{uni_by_pk[uni].name_en}, JITRI class of {year}",
                )
                for uni, year in intakes
            ],
        )
        cohort_of = {(c.university_id, c.year): c for c in cohorts}
        for st in students:
            st.cohort = cohort_of[(st.university_id, st.enrolled_on.year)]
        GraduateStudent.objects.bulk_update(students, ["cohort"], batch_size=500)
        # Courses pair an institute with the university most of its students come from.
        by_pair: dict[tuple[int, int], list[GraduateStudent]] = defaultdict(list)
        for st in students:
            by_pair[(st.institute_id, st.university_id)].append(st)
        pairs = sorted(by_pair, key=lambda pair: -len(by_pair[pair]))[:60]
        field_of = w.institute_field
        courses: list[tuple[ProjectCourse, list[GraduateStudent]]] = []
        for inst_pk, uni_pk in pairs:
            f = field_of[inst_pk]
            for year in range(2018, 2022):
                term = rng.choice(("spring", "autumn"))
                starts = dt.date(year, 3 if term == "spring" else 9, 1)
                if starts > LAST_DAY:
                    continue
                eligible = [
                    st
                    for st in by_pair[(inst_pk, uni_pk)]
                    if st.enrolled_on < starts
                    and (st.graduated_on is None or st.graduated_on > starts)
                ]
                if len(eligible) < 3:
                    continue
                tech = rng.choice(f.technologies)
                courses.append(
                    (
                        ProjectCourse(
                            title_zh=f"{tech.zh}工程项目实践",
                            title_en=f"Engineering project: {tech.en}",
                            institute_id=inst_pk,
                            university_id=uni_pk,
                            year=year,
                            term=term,
                            credits=rng.choice((2, 2, 3, 4)),
                        ),
                        rng.sample(eligible, min(len(eligible), rng.randint(3, 12))),
                    )
                )
        created = self._bulk(ProjectCourse, [c for c, _ in courses])
        enrolments = []
        for course, (_, takers) in zip(created, courses, strict=True):
            marked = dt.date(course.year, 7 if course.term == "spring" else 12, 31) <= LAST_DAY
            for st in takers:
                grade = Decimal(rng.randint(52, 98)) if marked else None
                enrolments.append(
                    CourseEnrolment(
                        course=course,
                        student=st,
                        grade=grade,
                        passed=None if grade is None else grade >= 60,
                    )
                )
        self._bulk(CourseEnrolment, enrolments)
