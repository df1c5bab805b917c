"""What each persona sees inside a case: partner limits, notes, files, audit, time zones."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases import actions
from cases.models import Attachment
from core.errors import StaleEdit
from core.models import AuditEvent
from tests.factories import make_interview


def test_partner_cannot_see_asylum_history_or_interviews(world, as_persona):
    from cases.actions import update_case

    update_case(
        world.case,
        by=world.counsellor,
        expected_version=world.case.version,
        procedure_stage="final_rejection",
        asylum_decision_date=datetime.date(2025, 3, 4),
    )
    make_interview(world.case, world.counsellor, notes="Fears reprisals from his uncle.")
    partner_page = as_persona("partner").get(reverse("case-detail", args=[world.case.pk])).content.decode()
    counsellor_page = as_persona("counsellor").get(reverse("case-detail", args=[world.case.pk])).content.decode()
    for secret in ("Final rejection", "Fears reprisals", "Administrative situation", "Asylum decision"):
        assert secret in counsellor_page
        assert secret not in partner_page


def test_office_notes_stay_in_the_office_and_agency_notes_reach_the_agency(world, as_persona):
    actions.add_note(world.case, by=world.counsellor, office=world.bxl, body="Office-only remark", visibility="office")
    actions.add_note(world.case, by=world.counsellor, office=world.bxl, body="Agency-wide remark", visibility="agency")
    seen = {
        p: as_persona(p).get(reverse("case-detail", args=[world.case.pk])).content.decode()
        for p in ("team_leader", "agency_admin", "analyst", "partner")
    }
    assert "Office-only remark" in seen["team_leader"] and "Agency-wide remark" in seen["team_leader"]
    assert "Agency-wide remark" in seen["analyst"]
    assert "Office-only remark" not in seen["partner"] and "Agency-wide remark" not in seen["partner"]


def test_partner_note_is_kept_with_the_partner_office(world, as_persona):
    as_persona("partner").post(
        reverse("note-create", args=[world.case.pk]), {"body": "Met him at the airport.", "visibility": "office"}
    )
    note = world.case.notes.get()
    assert note.author_office == world.conakry


def test_empty_note_is_refused(world, as_persona):
    response = as_persona("counsellor").post(
        reverse("note-create", args=[world.case.pk]), {"body": "  ", "visibility": "office"}, follow=True
    )
    assert "Write something in the note." in response.content.decode()
    assert not world.case.notes.exists()


def test_attachment_is_stored_outside_the_database_and_downloads_only_through_access(
    world, as_persona, settings, tmp_path
):
    settings.ATTACHMENTS_ROOT = tmp_path
    upload = SimpleUploadedFile("signed-form.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    response = as_persona("counsellor").post(
        reverse("attachment-upload", args=[world.case.pk]), {"title": "Signed application", "file": upload}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (tmp_path / attachment.stored_name).read_bytes() == b"%PDF-1.4 signed"
    url = reverse("attachment-download", args=[world.case.pk, attachment.pk])
    download = as_persona("team_leader").get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 signed"
    assert AuditEvent.objects.filter(action="attachment.downloaded", kind="access", actor=world.team_leader).exists()
    assert as_persona("ghent").get(url).status_code == 404
    assert as_persona("partner").get(url).status_code == 403
    assert as_persona("outsider").get(url).status_code == 404


def test_viewing_a_person_writes_an_access_event(world, as_persona):
    as_persona("analyst").get(reverse("person-detail", args=[world.case.principal.pk]))
    event = AuditEvent.objects.get(action="person.viewed")
    assert event.actor == world.analyst and event.kind == "access" and event.person_id == world.case.principal.pk


def test_team_leader_reads_the_audit_trail_with_old_and_new_values(world, as_persona):
    actions.update_case(world.case, by=world.counsellor, expected_version=world.case.version, region_of_return="Kankan")
    page = as_persona("team_leader").get(reverse("case-audit", args=[world.case.pk])).content.decode()
    assert "Case details changed" in page and "Region or city of return" in page and "Kankan" in page
    assert "Case opened" in page


def test_an_edit_from_a_stale_page_is_refused_not_overwriting(world):
    first = actions.update_case(world.case, by=world.counsellor, expected_version=1, region_of_return="Kankan")
    with pytest.raises(StaleEdit):
        actions.update_case(world.case, by=world.team_leader, expected_version=1, region_of_return="Labé")
    first.refresh_from_db()
    assert first.region_of_return == "Kankan" and first.version == 2


def test_stale_edit_in_the_web_form_is_explained(world, as_persona):
    actions.update_case(world.case, by=world.counsellor, expected_version=1, region_of_return="Kankan")
    response = as_persona("team_leader").post(
        reverse("case-edit", args=[world.case.pk]),
        {
            "version": "1",
            "country_of_return": "GN",
            "region_of_return": "Labé",
            "administrative_status": "other",
            "referral_source": "walk_in",
        },
    )
    assert "Someone else changed this case" in response.content.decode()
    world.case.refresh_from_db()
    assert world.case.region_of_return == "Kankan"


def test_dates_are_shown_in_the_office_time_zone(world, as_persona):
    held = datetime.datetime(2026, 7, 1, 10, 0, tzinfo=datetime.UTC)
    make_interview(world.case, world.counsellor, held_at=held)
    brussels = as_persona("counsellor").get(reverse("case-detail", args=[world.case.pk])).content.decode()
    assert "12:00" in brussels  # 10:00 UTC is noon in Brussels in summer


def test_case_page_shows_only_the_moves_the_user_may_make(world, as_persona):
    counsellor = as_persona("counsellor").get(reverse("case-detail", args=[world.case.pk])).content.decode()
    analyst = as_persona("analyst").get(reverse("case-detail", args=[world.case.pk])).content.decode()
    assert 'value="counselling"' in counsellor
    assert 'value="cancelled"' not in counsellor  # team leaders cancel
    assert 'name="to_status"' not in analyst
    leader = as_persona("team_leader").get(reverse("case-detail", args=[world.case.pk])).content.decode()
    assert 'value="cancelled"' in leader


def test_time_of_upcoming_appointment_appears_on_the_home_page(world, as_persona):
    soon = timezone.now() + datetime.timedelta(days=3)
    make_interview(world.case, world.counsellor, next_appointment=soon)
    page = as_persona("counsellor").get(reverse("home")).content.decode()
    assert world.case.number in page and "Upcoming appointments" in page


def test_audit_trail_shows_labels_not_stored_codes(world, as_persona):
    actions.transition(world.case, "counselling", by=world.counsellor)
    page = as_persona("team_leader").get(reverse("case-audit", args=[world.case.pk])).content.decode()
    assert '<del>Intake</del> → <span dir="auto">Counselling</span>' in page


def test_header_offers_registering_only_to_those_who_may(world, as_persona):
    register = reverse("person-create")
    assert register in as_persona("counsellor").get(reverse("home")).content.decode()
    for persona in ("partner", "analyst"):
        assert register not in as_persona(persona).get(reverse("home")).content.decode()


def test_a_scan_attached_to_a_person_downloads_only_for_staff_of_the_file(world, as_persona, settings, tmp_path):
    settings.ATTACHMENTS_ROOT = tmp_path
    person = world.case.principal
    upload = SimpleUploadedFile("passport.jpg", b"\xff\xd8 scan", content_type="image/jpeg")
    response = as_persona("counsellor").post(
        reverse("person-attachment-upload", args=[person.pk]), {"title": "Passport scan", "file": upload}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(person=person)
    url = reverse("person-attachment-download", args=[person.pk, attachment.pk])
    assert as_persona("analyst").get(url).status_code == 200
    assert as_persona("partner").get(url).status_code == 403
    assert as_persona("ofii").get(url).status_code == 404
    assert as_persona("analyst").post(reverse("person-attachment-upload", args=[person.pk])).status_code == 403
    assert AuditEvent.objects.filter(action="attachment.downloaded", person_id=person.pk).count() == 1


def test_an_oversized_file_is_refused_and_nothing_is_left_on_disk(world, as_persona, settings, tmp_path):
    settings.ATTACHMENTS_ROOT = tmp_path
    settings.ATTACHMENT_MAX_BYTES = 10
    upload = SimpleUploadedFile("big.pdf", b"x" * 11, content_type="application/pdf")
    response = as_persona("counsellor").post(
        reverse("attachment-upload", args=[world.case.pk]), {"title": "Too big", "file": upload}
    )
    assert "larger than" in response.content.decode()
    assert not Attachment.objects.exists() and not list(tmp_path.iterdir())
