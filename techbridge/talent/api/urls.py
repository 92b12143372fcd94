"""The app's API routes, collected into ``/api/`` by ``techbridge.api_urls``."""

from .views import (
    CourseEnrolmentViewSet,
    FellowViewSet,
    GraduateCohortViewSet,
    GraduateStudentViewSet,
    ProjectCourseViewSet,
)

routes = [
    ("fellows", FellowViewSet, None),
    ("students", GraduateStudentViewSet, None),
    ("graduate-cohorts", GraduateCohortViewSet, None),
    ("project-courses", ProjectCourseViewSet, None),
    ("course-enrolments", CourseEnrolmentViewSet, None),
]
