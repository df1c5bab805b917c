"""The departure summons (printable page and PDF) and the premium receipt
(PDF). Readable by the roles that see a case's journey; partners never.
Each PDF download is an access event in the audit trail."""

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, get_language_bidi

from cases.access import get_case_for_user, require
from core import audit
from travel import printing
from travel.access import SEE_TRAVEL
from travel.models import Booking, BookingStatus, PremiumPayment


def _booking(request, pk, booking_pk):
    case = get_case_for_user(request.user, pk)
    require(case, SEE_TRAVEL)
    booking = (
        Booking.objects.filter(case=case, pk=booking_pk)
        .exclude(status=BookingStatus.CANCELLED)
        .prefetch_related("segments")
        .first()
    )
    if booking is None:
        raise Http404
    return case, booking


def _summons_context(request, case, booking, *, pdf: bool) -> dict:
    available = printing.summons_texts()
    lang = printing.summons_language(case, request.GET.get("lang"), available)
    texts = available[lang]
    page_url = reverse("travel-summons", args=[case.pk, booking.pk])
    pdf_url = reverse("travel-summons-pdf", args=[case.pk, booking.pk])
    return {
        "case": case,
        "booking": booking,
        "pdf": pdf,
        "lang": lang,
        "dir": printing.text_direction(lang),
        "t": texts,
        "s": printing.summons(case, booking, texts),
        "pdf_url": f"{pdf_url}?lang={lang}",
        "other_languages": [
            {"code": code, "name": other["language_name"], "url": f"{page_url}?lang={code}"}
            for code, other in sorted(available.items())
            if code != lang
        ],
        "user_lang": get_language(),
        "user_dir": "rtl" if get_language_bidi() else "ltr",
    }


def _pdf_response(html: str, request, filename: str) -> HttpResponse:
    response = HttpResponse(
        printing.render_pdf(html, base_url=request.build_absolute_uri("/")), content_type="application/pdf"
    )
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", filename)
    response["Content-Disposition"] = f'inline; filename="{safe}"'
    # Personal data: never kept by a shared cache or the browser's.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def summons_page(request, pk, booking_pk):
    case, booking = _booking(request, pk, booking_pk)
    return render(request, "travel/print/summons.html", _summons_context(request, case, booking, pdf=False))


@login_required
def summons_pdf(request, pk, booking_pk):
    case, booking = _booking(request, pk, booking_pk)
    context = _summons_context(request, case, booking, pdf=True)
    html = render_to_string("travel/print/summons.html", context, request=request)
    response = _pdf_response(html, request, f"summons-{case.number}-{booking.reference}-{context['lang']}.pdf")
    audit.record_access(request.user, "summons.downloaded", booking, case_id=case.pk)
    return response


@login_required
def receipt_pdf(request, pk, payment_pk):
    case = get_case_for_user(request.user, pk)
    require(case, SEE_TRAVEL)
    payment = (
        PremiumPayment.objects.filter(case=case, pk=payment_pk)
        .select_related("paid_to", "officer", "decision__rule_version__programme")
        .first()
    )
    if payment is None:
        raise Http404
    context = {
        "case": case,
        "payment": payment,
        "r": printing.receipt(case, payment),
        "user_lang": get_language(),
        "user_dir": "rtl" if get_language_bidi() else "ltr",
    }
    html = render_to_string("travel/print/receipt.html", context, request=request)
    response = _pdf_response(html, request, f"receipt-{payment.receipt_number}.pdf")
    audit.record_access(request.user, "receipt.downloaded", payment, case_id=case.pk, person_id=payment.paid_to_id)
    return response
