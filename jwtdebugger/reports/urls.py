from django.urls import URLPattern, path, re_path

from jwtdebugger.reports import api, views

app_name = "reports"

ID = r"(?P<report_id>[A-Za-z0-9_-]{1,64})"

urlpatterns: list[URLPattern] = [
    path("r/", views.create, name="create"),
    re_path(rf"^r/{ID}$", views.detail, name="detail"),
    re_path(rf"^r/{ID}\.json$", views.export_json, name="json"),
    re_path(rf"^r/{ID}\.md$", views.export_markdown, name="markdown"),
    re_path(rf"^r/{ID}/delete$", views.delete, name="delete"),
    re_path(rf"^r/{ID}/open$", views.open_in_debugger, name="open"),
    path("api/v1/reports", api.reports_view, name="api-create"),
    # Any id shape reaches the view, so a malformed one gets the API's JSON 404, not HTML.
    re_path(r"^api/v1/reports/(?P<report_id>[^/]+)$", api.report_view, name="api-detail"),
]
