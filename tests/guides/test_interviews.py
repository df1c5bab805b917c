"""Interviews run from a guide: the form follows it, saving records the
version and the points covered, the interview shows the coverage; the
interview without a guide works as before."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from core.models import AuditEvent
from guides import actions, actions_use
from guides.models import POINT_KINDS, GuideUse, GuideVersion


def record_with_guide(case, by, version, *, covered, language="fr"):
    return actions_use.record_interview_with_guide(
        case,
        by=by,
        version=version,
        guide_language=language,
        covered=covered,
        held_at=timezone.now() - datetime.timedelta(hours=2),
        mode="in_person",
        language=language,
        intention="considering",
    )


def _form(**extra):
    held = timezone.localtime() - datetime.timedelta(hours=1)
    return {
        "held_at": held.strftime("%Y-%m-%dT%H:%M"),
        "mode": "in_person",
        "language": "fr",
        "intention": "considering",
        **extra,
    }


def _points(version):
    return list(version.items.filter(kind__in=POINT_KINDS).order_by("section__position", "position"))


def test_the_form_follows_the_guide_and_saving_records_the_points_covered(library, client):
    w = library
    version = w.consideration.versions.get(number=2)
    points = _points(version)
    client.force_login(w.counsellor)
    url = reverse("interview-create", args=[w.case.pk]) + f"?guide={version.pk}&lang=nl"
    page = client.get(url).content.decode()
    assert "Terugkeer overwegen: het tweede gesprek" in page  # the guide, in Dutch
    assert page.count('name="covered"') == len(points) == 13
    assert "Waardoor denkt u nu aan terugkeer?" in page  # an open question, shown not ticked
    assert 'name="topics"' not in page  # the guide's points replace the generic topics
    ticked = [p.pk for p in points[:8]]
    response = client.post(url, _form(covered=ticked, guide=version.pk, guide_language="nl"))
    assert response.status_code == 302, response.content.decode()[:2000]
    use = GuideUse.objects.get(interview__case=w.case)
    assert (use.version, use.language, use.covered, use.recorded_by) == (version, "nl", sorted(ticked), w.counsellor)
    assert AuditEvent.objects.filter(action="guide_use.recorded", case_id=w.case.pk).exists()
    # The interview page shows the guide and the coverage, and what was not covered.
    page = client.get(reverse("interview-edit", args=[w.case.pk, use.interview.pk])).content.decode()
    assert "8 of 13 points covered" in page
    assert "Het schriftelijke informatieblad in de taal van de persoon meegegeven en samen overlopen" in page
    page = client.get(reverse("interview-guide-use", args=[use.interview.pk])).content.decode()
    assert "8 of 13 points covered" in page and page.count("Not covered</strong>") == 5


def test_correcting_the_interview_changes_the_points_covered(library, client):
    w = library
    version = w.consideration.versions.get(number=2)
    points = _points(version)
    interview = record_with_guide(w.case, w.counsellor, version, covered=[points[0].pk])
    client.force_login(w.team_leader)
    url = reverse("interview-edit", args=[w.case.pk, interview.pk])
    response = client.post(url, _form(covered=[p.pk for p in points[:3]]))
    assert response.status_code == 302
    assert GuideUse.objects.get(interview=interview).covered == sorted(p.pk for p in points[:3])
    assert AuditEvent.objects.filter(action="guide_use.updated").exists()


def test_points_of_another_version_are_refused_and_nothing_is_saved(library):
    w = library
    v1, v2 = w.consideration.versions.order_by("number")
    with pytest.raises(DomainError) as refused:
        record_with_guide(w.case, w.counsellor, v2, covered=[_points(v1)[0].pk])
    assert refused.value.field == "covered"
    assert not w.case.interviews.exists()


def test_only_a_published_guide_of_the_cases_agency_is_followed(library):
    w = library
    draft = actions.start_new_version(w.consideration, by=w.team_leader)
    with pytest.raises(DomainError, match="published"):
        record_with_guide(w.case, w.counsellor, draft, covered=[])
    ofii_version = w.decision.versions.get()
    with pytest.raises(DomainError) as refused:
        record_with_guide(w.case, w.counsellor, ofii_version, covered=[])
    assert refused.value.field == "guide"
    with pytest.raises(DomainError) as refused:
        record_with_guide(w.case, w.counsellor, w.consideration.versions.get(number=2), covered=[], language="ar")
    assert refused.value.field == "guide_language"
    assert not w.case.interviews.exists()


def test_the_chooser_offers_the_agencys_own_and_adopted_guides_in_the_persons_language(library, client):
    w = library
    client.force_login(w.ofii)
    page = client.get(reverse("guide-interview-start", args=[w.mrs_counselling.pk])).content.decode()
    assert "Envisager le retour : le deuxième entretien" in page  # OFII's adopted copy
    assert "L&#x27;entretien de décision" in page or "L'entretien de décision" in page
    assert "First contact" not in page  # Fedasil's guide, not adopted by OFII
    assert f"?guide={w.adopted.versions.get().pk}&amp;lang=fr" in page


def test_a_person_speaking_a_language_the_guide_lacks_gets_a_fallback(library, client):
    w = library
    w.case.principal.languages.create(language="fuf")
    client.force_login(w.counsellor)
    page = client.get(reverse("guide-interview-start", args=[w.case.pk])).content.decode()
    assert "Not written in Pular: interpret from this text." in page
    v2 = w.consideration.versions.get(number=2)
    # Without a language asked, the form falls back (user's, office's, English).
    page = client.get(reverse("interview-create", args=[w.case.pk]) + f"?guide={v2.pk}").content.decode()
    assert "Considering return: the second conversation" in page


def test_an_interview_without_a_guide_works_as_before(library, client):
    w = library
    client.force_login(w.counsellor)
    page = client.get(reverse("interview-create", args=[w.case.pk])).content.decode()
    assert 'name="topics"' in page and "Start the interview from a guide" in page
    response = client.post(reverse("interview-create", args=[w.case.pk]), _form(topics=["voluntary_nature"]))
    assert response.status_code == 302
    interview = w.case.interviews.get()
    assert interview.topics == ["voluntary_nature"] and not GuideUse.objects.filter(interview=interview).exists()
    page = client.get(reverse("interview-edit", args=[w.case.pk, interview.pk])).content.decode()
    assert "points covered" not in page


def test_a_guide_version_in_use_cannot_be_deleted(library):
    from django.db.models import ProtectedError

    version = GuideVersion.objects.filter(uses__isnull=False).first()
    with pytest.raises(ProtectedError):
        version.delete()


def test_an_interview_without_a_guide_shows_no_coverage(db):
    from django.template import Context, Template

    assert Template("{% load guides %}{% guide_coverage i %}").render(Context({"i": None})).strip() == ""


def test_the_case_timeline_says_the_guide_and_the_coverage(library, client):
    case = library.counselling_cases[0]
    client.force_login(library.counsellor)
    html = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "Guide followed:" in html and "9 of 13 points covered" in html
    assert "Terugkeer overwegen: het tweede gesprek" in html
    assert reverse("interview-guide-use", args=[case.interviews.get().pk]) in html
    # An interview without a guide says nothing of guides.
    from tests.factories import make_case, make_interview

    other = make_case(library.bxl, library.counsellor, counsellor=library.counsellor)
    make_interview(other, library.counsellor, notes="No guide today.")
    html = client.get(reverse("case-detail", args=[other.pk])).content.decode()
    assert "No guide today." in html and "points covered" not in html
