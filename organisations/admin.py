from django.contrib import admin

from organisations.models import Agency, Membership, Office


class OfficeInline(admin.TabularInline):
    model = Office
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "country"]
    inlines = [OfficeInline]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "agency", "city", "country", "timezone"]
    list_filter = ["agency"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "office", "role"]
    list_filter = ["role", "office__agency"]
    autocomplete_fields = ["user"]
