from django.urls import path

from . import api, views

urlpatterns = [
    path("build/", views.build, name="builder"),
    path("build/validate/", views.validate, name="builder-validate"),
    path("api/v1/sign", api.sign_view, name="api-sign"),
]
