from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from qms.core import views as core_views
from qms.people import views as people_views

urlpatterns = [
    path("", people_views.home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("ngon-ngu/", people_views.set_language, name="set_language"),
    path("healthz", core_views.healthz, name="healthz"),
    path("to-chuc/", include("qms.organisations.urls")),
    path("nguoi-dung/", include("qms.people.urls")),
    path("tai-lieu/", include("qms.documents.urls")),
    path("van-ban-phap-luat/", include("qms.legal.urls")),
    path("nghia-vu/", include("qms.obligations.urls")),
    path("tim-kiem/", include("qms.search.urls")),
    path("thu-tuc-hanh-chinh/", include("qms.procedures.urls")),
    path("cong-bo/", include("qms.publication.urls")),
    path("danh-gia/", include("qms.assessments.urls")),
    path("kiem-tra/", include("qms.inspections.urls")),
    path("quan-tri/", admin.site.urls),
]

handler403 = "qms.core.views.error_403"
handler404 = "qms.core.views.error_404"
handler500 = "qms.core.views.error_500"

if settings.DEBUG:
    urlpatterns += [path("__errors__/<int:code>/", core_views.error_preview)]
