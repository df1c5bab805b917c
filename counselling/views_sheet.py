"""The information sheet for the person: a printable page and its PDF, in
the person's language where a text exists (?lang= picks another). For the
sending office's staff who hand it over (counselling.access_screening
.PRINT_SHEET). Each PDF download is an access event in the audit trail."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, get_language_bidi

from core import audit
from counselling import sheet
from counselling.access_screening import get_case_for_sheet
from travel import printing
from travel.views_print import _pdf_response as pdf_response

TEMPLATE = "counselling/sheet.html"


def _context(request, case, *, pdf: bool) -> dict:
    available = sheet.sheet_texts()
    lang = sheet.sheet_language(case, request.GET.get("lang"))
    texts = available[lang]
    page_url = reverse("sheet", args=[case.pk])
    return {
        "case": case,
        "pdf": pdf,
        "lang": lang,
        "dir": printing.text_direction(lang),
        "t": texts,
        "s": sheet.sheet(case, texts, lang),
        "pdf_url": reverse("sheet-pdf", args=[case.pk]) + f"?lang={lang}",
        "other_languages": [
            {"code": code, "name": other["language_name"], "url": f"{page_url}?lang={code}"}
            for code, other in sorted(available.items())
            if code != lang
        ],
        "user_lang": get_language(),
        "user_dir": "rtl" if get_language_bidi() else "ltr",
    }


@login_required
def sheet_page(request, pk):
    case = get_case_for_sheet(request.user, pk)
    return render(request, TEMPLATE, _context(request, case, pdf=False))


@login_required
def sheet_pdf(request, pk):
    case = get_case_for_sheet(request.user, pk)
    context = _context(request, case, pdf=True)
    html = render_to_string(TEMPLATE, context, request=request)
    response = pdf_response(html, request, f"sheet-{case.number}-{context['lang']}.pdf")
    audit.record_access(request.user, "sheet.downloaded", case, case_id=case.pk, person_id=case.principal_id)
    return response
