"""The project's URLs plus this app's case and API routes, until the lead
wires them into retour/urls.py and retour/api_urls.py (then this adds nothing)."""

from django.urls import NoReverseMatch, include, path, reverse

from retour.urls import urlpatterns as project


def _wired(name: str) -> bool:
    try:
        reverse(name, args=[1], urlconf="retour.urls")
    except NoReverseMatch:
        return False
    return True


urlpatterns = []
if not _wired("api-case-questions"):
    urlpatterns.append(path("api/", include("countries.api_urls")))
if not _wired("case-country-questions"):
    urlpatterns.append(path("cases/", include("countries.urls_case")))
urlpatterns += project
