from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

# The admin's own log-in page would skip allauth's rate limits and two-factor step:
# send admins through allauth's log-in instead.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Administration"
admin.site.site_title = "Administration"

# The 500 page needs the site's name without the context processors (pages.views).
handler500 = "pages.views.server_error"

urlpatterns = [
    path("", include("pages.urls")),
    path("", include("health.urls")),
    path("", include("accounts.urls")),
    path("", include("couples.urls")),
    path("", include("privacy.urls")),
    path("", include("security.urls")),
    path("", include("content.urls")),
    path("", include("checkins.urls")),
    path("", include("reminders.urls")),
    path("", include("calendars.urls")),
    path("", include("trends.urls")),
    path("", include("summaries.urls")),
    path("", include("talks.urls")),
    path("accounts/", include("allauth.urls")),
    # The footer's language switch for visitors (POST, then back to the page it was on).
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
