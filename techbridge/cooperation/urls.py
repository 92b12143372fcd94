from django.urls import path

from . import views

app_name = "cooperation"

urlpatterns = [
    path("pipeline/", views.pipeline, name="pipeline"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/answer/", views.answer_introduction, name="answer-introduction"),
    path("cases/<int:pk>/messages/", views.case_messages, name="case-messages"),
    path(
        "cases/<int:pk>/messages/<int:message_pk>/attachment/",
        views.message_attachment,
        name="case-message-attachment",
    ),
    path("cases/<int:pk>/meetings/", views.schedule_meeting, name="case-meetings"),
    path(
        "cases/<int:pk>/meetings/<int:meeting_pk>/invitation.ics",
        views.meeting_invitation,
        name="case-meeting-ics",
    ),
    path("cases/<int:pk>/documents/<slug:kind>/", views.case_document, name="case-document"),
    path("contracts/", views.contract_list, name="contracts"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract"),
    path("contracts/<int:pk>/payments/", views.record_payment, name="record-payment"),
    path(
        "contracts/<int:pk>/milestones/<int:milestone_pk>/sign-off/",
        views.sign_off_milestone,
        name="sign-off-milestone",
    ),
    path(
        "contracts/<int:pk>/milestones/<int:milestone_pk>/acceptance/",
        views.acceptance_document,
        name="acceptance-document",
    ),
    path("jics/", views.jic_list, name="jics"),
    path("major-projects/", views.major_projects, name="major-projects"),
]
