from django.urls import include, path

from jwtdebugger import api, views

urlpatterns = [
    path("", views.index, name="index"),
    path("playground/", views.playground, name="playground"),
    path("api/v1/inspect", api.inspect_view, name="api-inspect"),
    path("api/v1/openapi.json", api.openapi_view, name="api-openapi"),
    path("", include("jwtdebugger.reports.urls")),
    path("", include("jwtdebugger.learn.urls")),
    path("", include("jwtdebugger.builder.urls")),
]
