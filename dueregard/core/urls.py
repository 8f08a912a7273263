from django.urls import path

from .views import audit, auth, demo, home, members, pages, scope, system

app_name = "core"

urlpatterns = [
    path("", home.home, name="home"),
    path("sign-in/", auth.sign_in, name="sign-in"),
    path("sign-out/", auth.sign_out, name="sign-out"),
    path("password-reset/", auth.password_reset, name="password-reset"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path("invitations/<str:token>/", auth.accept_invitation, name="accept-invitation"),
    path("organisation/", scope.switch_scope, name="switch-scope"),
    path("members/", members.member_list, name="members"),
    path("members/invite/", members.invite, name="invite"),
    path("members/<int:pk>/remove/", members.end_membership, name="end-membership"),
    path(
        "members/invitations/<int:pk>/withdraw/",
        members.revoke_invitation,
        name="revoke-invitation",
    ),
    path("audit/", audit.audit_list, name="audit"),
    path("audit/<int:pk>/", audit.audit_detail, name="audit-detail"),
    path("system/", system.system_overview, name="system"),
    path("demo/", demo.demo, name="demo"),
    path("demo/sign-in-as/", demo.sign_in_as, name="demo-sign-in-as"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("cookies/", pages.cookies, name="cookies"),
    path("language/", pages.language, name="language"),
]
