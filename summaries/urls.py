from django.urls import path

from . import views

urlpatterns = [
    path("summaries/", views.summaries_index, name="summaries"),
    path("summaries/new/", views.summary_new, name="summary_new"),
    path("summaries/<str:summary_code>/", views.summary_detail, name="summary_detail"),
    path("summaries/<str:summary_code>/summary.pdf", views.summary_pdf, name="summary_pdf"),
    path("summaries/<str:summary_code>/accept/", views.summary_accept, name="summary_accept"),
    path("summaries/<str:summary_code>/decline/", views.summary_decline, name="summary_decline"),
    path("summaries/<str:summary_code>/withdraw/", views.summary_withdraw, name="summary_withdraw"),
    path("summaries/<str:summary_code>/links/new/", views.share_link_new, name="share_link_new"),
    path(
        "summaries/<str:summary_code>/links/<int:link_id>/revoke/",
        views.share_link_revoke,
        name="share_link_revoke",
    ),
    # No log-in: the token is the credential (for a therapist without an account).
    path("shared/summary/<str:token>/", views.summary_shared, name="summary_shared"),
]
