"""The duplicate review queue, a pair side by side with the merge form, the
undo of a merge, and what a person's page says about merges and possible
duplicates. Who may do what is in people.access; the changes are actions of
people.actions_duplicates and people.actions_merge."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.access import visible_cases
from core.errors import DomainError
from core.forms import GovukForm
from people import actions_duplicates, actions_merge
from people.access import (
    get_pair_for_user,
    get_person_for_user,
    may_review_pair,
    person_roles,
    reviews_duplicates,
    visible_pairs,
)
from people.actions import PERSON_FIELDS
from people.models import DuplicatePair, PairStatus, Person, PersonMerge, RegistryScan

PAGE_SIZE = 50
FIRST, SECOND = "first", "second"
# The fields chosen one by one on the merge form; the precision of the date
# of birth goes with the date.
CHOSEN_FIELDS = [f for f in PERSON_FIELDS if f != "dob_precision"]


def _reasons_text(codes) -> str:
    from people.matching.score import reasons_text

    return reasons_text(codes or [])


def field_display(person: Person, name: str) -> str:
    """A person field as the review page shows it."""
    if name == "date_of_birth":
        if person.date_of_birth is None or person.dob_precision == "unknown":
            return _("unknown")
        return f"{person.dob_display} ({person.get_dob_precision_display()})"
    if name == "sex":
        return str(person.get_sex_display())
    if name in ("nationality", "country_of_birth"):
        return str(getattr(person, name).name) or "–"
    if name == "interpreter_needed":
        return _("Yes") if person.interpreter_needed else _("No")
    return getattr(person, name) or "–"


def _values(person: Person, name: str) -> tuple:
    names = ["date_of_birth", "dob_precision"] if name == "date_of_birth" else [name]
    return tuple(str(getattr(person, n) or "") for n in names)


def differing_fields(first: Person, second: Person) -> list[str]:
    return [name for name in CHOSEN_FIELDS if _values(first, name) != _values(second, name)]


def default_keep(first: Person, second: Person) -> str:
    """The older record is kept unless the reviewer says otherwise."""
    return FIRST if (first.created_at, first.pk) <= (second.created_at, second.pk) else SECOND


def _empty(person: Person, name: str) -> bool:
    value = getattr(person, name)
    if name == "sex":
        return value == "unknown"
    if name == "date_of_birth":
        return value is None or person.dob_precision == "unknown"
    return not value  # "", None, no country; "interpreter needed: no" gives way to a yes


def _default_side(first: Person, second: Person, keep: str, name: str) -> str:
    """The kept record's value, unless it has none and the other has one."""
    kept, other = (first, second) if keep == FIRST else (second, first)
    if _empty(kept, name) and not _empty(other, name):
        return SECOND if keep == FIRST else FIRST
    return keep


# --- the queue ------------------------------------------------------------------------


class QueueFilter(GovukForm):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[*PairStatus.choices, ("all", gettext_lazy("All"))],
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )


@login_required
def duplicate_list(request):
    if not reviews_duplicates(request.user):
        raise PermissionDenied
    form = QueueFilter(request.GET or None)
    status = PairStatus.OPEN
    if form.is_valid() and form.cleaned_data["status"]:
        status = form.cleaned_data["status"]
    pairs = visible_pairs(request.user)
    if status != "all":
        pairs = pairs.filter(status=status)
    if status == PairStatus.OPEN:
        # A record merged through another pair leaves its other pairs.
        pairs = pairs.filter(first__merged_into__isnull=True, second__merged_into__isnull=True)
    pairs = pairs.select_related("first__registered_by_office", "second__registered_by_office", "decided_by").order_by(
        "-score", "pk"
    )
    page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(pair, _reasons_text(pair.reasons)) for pair in page.object_list]
    return render(
        request,
        "people/duplicate_list.html",
        {
            "form": form,
            "status": status,
            "page": page,
            "rows": rows,
            "query": f"status={status}",
            "nav": "duplicates",
            "last_scan": RegistryScan.objects.order_by("-pk").first(),
        },
    )


# --- one pair ---------------------------------------------------------------------------


class MergeForm(GovukForm):
    """Which record to keep, and for each field where the two differ, whose
    value. Values are named by record (first/second), so the defaults stay
    right whichever record is kept."""

    keep = forms.ChoiceField(label=gettext_lazy("Which record to keep"), widget=forms.RadioSelect)
    version_first = forms.IntegerField(widget=forms.HiddenInput)
    version_second = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, first: Person, second: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.first, self.second = first, second
        keep = default_keep(first, second)
        self.fields["keep"].choices = [
            (FIRST, _("%(name)s, registered by %(office)s") % _who(first)),
            (SECOND, _("%(name)s, registered by %(office)s") % _who(second)),
        ]
        self.fields["keep"].help_text = _(
            "The other record is hidden and its cases, documents and other names move to the one kept."
        )
        self.fields["keep"].initial = keep
        self.fields["version_first"].initial = first.version
        self.fields["version_second"].initial = second.version
        self.differing = differing_fields(first, second)
        for name in self.differing:
            self.fields[f"value_{name}"] = forms.ChoiceField(
                label=str(Person._meta.get_field(name).verbose_name).capitalize(),
                choices=[(FIRST, field_display(first, name)), (SECOND, field_display(second, name))],
                widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
                initial=_default_side(first, second, keep, name),
            )

    def value_fields(self):
        return [self[f"value_{name}"] for name in self.differing]

    def kept_and_merged(self) -> tuple[Person, Person]:
        if self.cleaned_data["keep"] == FIRST:
            return self.first, self.second
        return self.second, self.first

    def choices(self) -> dict[str, str]:
        """For merge_people: each differing field, "kept" or "merged"."""
        keep = self.cleaned_data["keep"]
        chosen = {}
        for name in self.differing:
            side = self.cleaned_data[f"value_{name}"]
            chosen[name] = actions_merge.KEPT if side == keep else actions_merge.MERGED
        return chosen

    def result(self) -> list[tuple[str, str, bool]]:
        """(label, value the record kept will have, changed) for the confirmation page."""
        kept, merged = self.kept_and_merged()
        choices = self.choices()
        rows = []
        for name in CHOSEN_FIELDS:
            source = merged if choices.get(name) == actions_merge.MERGED else kept
            rows.append(
                (
                    str(Person._meta.get_field(name).verbose_name).capitalize(),
                    field_display(source, name),
                    source is merged,
                )
            )
        return rows

    def new_names(self) -> list[str]:
        """The names the record kept will carry as other names after the
        merge: the names it stops having as its own (roughly as the action
        decides; names it already carries are skipped there)."""
        from core.names import normalise_name

        kept, merged = self.kept_and_merged()
        choices = self.choices()

        def side(name):
            return merged if choices.get(name) == actions_merge.MERGED else kept

        own = normalise_name(f"{side('given_name').given_name} {side('family_name').family_name}")
        script = side("original_script_name").original_script_name
        names = []
        for person in (merged, kept):
            for name in (f"{person.given_name} {person.family_name}", person.original_script_name):
                if name.strip() and normalise_name(name) not in {own, normalise_name(script)} and name not in names:
                    names.append(name)
        return names

    def expected_versions(self) -> dict[int, int]:
        return {
            self.first.pk: self.cleaned_data["version_first"],
            self.second.pk: self.cleaned_data["version_second"],
        }


class NotSameForm(GovukForm):
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=1000,
        help_text=gettext_lazy("What tells them apart, for example different parents' names."),
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 3}),
    )


def _who(person: Person) -> dict:
    return {"name": person.full_name, "office": person.registered_by_office.name}


def person_card(user, person: Person) -> dict:
    """What the pair page shows of one record."""
    cases = visible_cases(user).filter(case_members__person=person).select_related("office").order_by("opened_at", "pk")
    return {
        "person": person,
        "aliases": list(person.aliases.all()),
        "documents": list(person.documents.all()),
        "cases": list(cases),
        "fields": [
            (str(Person._meta.get_field(n).verbose_name).capitalize(), field_display(person, n)) for n in CHOSEN_FIELDS
        ],
    }


def _moving(person: Person) -> list[str]:
    """What moves with the merged record, in words."""
    from django.utils.translation import ngettext

    from cases.models import CaseMember

    counts = [
        (CaseMember.objects.filter(person=person).count(), None),
        (person.documents.count(), None),
        (person.aliases.count(), None),
        (person.vulnerabilities.count(), None),
        (person.consents.count(), None),
        (person.attachments.count(), None),
    ]
    words = [
        lambda n: ngettext("%(n)d case", "%(n)d cases", n),
        lambda n: ngettext("%(n)d identity document", "%(n)d identity documents", n),
        lambda n: ngettext("%(n)d other name", "%(n)d other names", n),
        lambda n: ngettext("%(n)d vulnerability", "%(n)d vulnerabilities", n),
        lambda n: ngettext("%(n)d consent", "%(n)d consents", n),
        lambda n: ngettext("%(n)d file", "%(n)d files", n),
    ]
    return [word(n) % {"n": n} for (n, _unused), word in zip(counts, words, strict=True) if n]


@login_required
def duplicate_detail(request, pk):
    pair = get_pair_for_user(request.user, pk)
    first, second = pair.first, pair.second
    decidable = pair.status == PairStatus.OPEN and not first.merged_into_id and not second.merged_into_id
    if decidable and not may_review_pair(request.user, first, second):
        raise Http404
    form = MergeForm(request.POST or None, first=first, second=second)
    not_same = NotSameForm(request.POST if request.POST.get("decision") == "not_same" else None)
    step = request.POST.get("step", "")
    if request.method == "POST":
        if not decidable:
            messages.error(request, _("Somebody already decided on this pair."))
            return redirect("duplicate-detail", pk=pair.pk)
        if request.POST.get("decision") == "not_same":
            if not_same.is_valid():
                try:
                    actions_duplicates.mark_not_same(pair, by=request.user, note=not_same.cleaned_data["note"])
                except DomainError as exc:
                    not_same.add_error("note" if exc.field == "note" else None, exc.message)
                else:
                    messages.success(request, _("Marked as two different people."))
                    return redirect("duplicate-list")
        elif form.is_valid():
            kept, merged = form.kept_and_merged()
            if step == "merge":
                try:
                    merge = actions_merge.merge_people(
                        kept,
                        merged,
                        by=request.user,
                        choices=form.choices(),
                        pair=pair,
                        expected_versions=form.expected_versions(),
                    )
                except DomainError as exc:
                    form.add_error(None, exc.message)
                else:
                    messages.success(
                        request,
                        _("%(merged)s's record is merged into this one. You can undo the merge from this page.")
                        % {"merged": merged.full_name},
                    )
                    return redirect("person-detail", pk=merge.kept_id)
            else:
                return render(
                    request,
                    "people/duplicate_confirm.html",
                    {
                        "pair": pair,
                        "form": form,
                        "kept": kept,
                        "merged": merged,
                        "result": form.result(),
                        "moving": _moving(merged),
                        "new_names": form.new_names(),
                        "nav": "duplicates",
                    },
                )
    merge = pair.merges.filter(undone_at__isnull=True).select_related("merged_by").first()
    return render(
        request,
        "people/duplicate_detail.html",
        {
            "pair": pair,
            "reasons": _reasons_text(pair.reasons),
            "cards": [person_card(request.user, first), person_card(request.user, second)],
            "form": form,
            "not_same": not_same,
            "decidable": decidable,
            "merge": merge,
            "nav": "duplicates",
        },
    )


# --- undo -----------------------------------------------------------------------------------


def _get_merge_for_user(user, pk) -> PersonMerge:
    if not reviews_duplicates(user):
        raise PermissionDenied
    try:
        merge = PersonMerge.objects.select_related(
            "kept", "merged__registered_by_office", "merged_by", "undone_by"
        ).get(pk=pk)
    except (PersonMerge.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    get_person_for_user(user, merge.kept_id)  # 404 outside the user's scope
    return merge


@login_required
def merge_undo(request, pk):
    merge = _get_merge_for_user(request.user, pk)
    error = None
    if request.method == "POST":
        try:
            actions_merge.undo_merge(merge, by=request.user)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("The merge is undone: %(merged)s's record is separate again.") % {"merged": merge.merged.full_name},
            )
            return redirect("person-detail", pk=merge.kept_id)
    return render(
        request,
        "people/duplicate_undo.html",
        {
            "merge": merge,
            "blockers": actions_merge.undo_blockers(merge),
            "error": error,
            "fields": [
                (str(Person._meta.get_field(name).verbose_name).capitalize(), old, new)
                for name, (old, new) in merge.undo.get("fields", {}).items()
            ],
            "nav": "duplicates",
        },
    )


# --- on a person's page -----------------------------------------------------------------------


def merged_person_redirect(request, person: Person):
    """A merged record's page: the record kept (the end of the chain, if it
    was merged again), with a notice; a page naming only the office when the
    user may not see the record kept."""
    kept = person
    for _step in range(20):
        if not kept.merged_into_id:
            break
        kept = Person.objects.select_related("registered_by_office").get(pk=kept.merged_into_id)
    merge = PersonMerge.objects.filter(merged=person, undone_at__isnull=True).order_by("-merged_at").first()
    if person_roles(request.user, kept):
        if merge is not None:
            messages.info(
                request,
                _("The record you asked for was merged into this one on %(date)s.")
                % {"date": date_format(timezone.localtime(merge.merged_at), "SHORT_DATE_FORMAT")},
            )
        return redirect("person-detail", pk=kept.pk)
    return render(request, "people/duplicate_merged_elsewhere.html", {"office": kept.registered_by_office})


def person_duplicate_context(user, person: Person) -> dict:
    """For the person page: the records merged into this one (with whether
    the user may undo each), and open pairs of the queue naming it."""
    merges = []
    reviewer = reviews_duplicates(user)
    for merge in (
        PersonMerge.objects.filter(kept=person, undone_at__isnull=True)
        .select_related("merged__registered_by_office", "merged_by")
        .order_by("-merged_at")
    ):
        can_undo = reviewer and actions_merge.may_undo(user, merge)
        merges.append({"merge": merge, "can_undo": can_undo})
    open_pairs = []
    if reviewer:
        open_pairs = list(
            visible_pairs(user)
            .filter(Q(first=person) | Q(second=person), status=PairStatus.OPEN)
            .filter(first__merged_into__isnull=True, second__merged_into__isnull=True)
            .order_by("-score")[:5]
        )
    else:
        possible = DuplicatePair.objects.filter(Q(first=person) | Q(second=person), status=PairStatus.OPEN).exists()
        open_pairs = [None] if possible else []
    return {"merges_in": merges, "duplicate_pairs": open_pairs, "reviews_duplicates": reviewer}
