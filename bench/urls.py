from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from jwtdebugger.urls import urlpatterns as app_urlpatterns


@csrf_exempt
def trivial(request: HttpRequest) -> HttpResponse:
    """The baseline: reads the body and answers a small JSON object, nothing else."""
    request.body  # noqa: B018
    return JsonResponse({"ok": True})


# The app's own patterns at the top level, as in production (ROOT_URLCONF = jwtdebugger.urls),
# with the baseline first. Behind an include() the app's views would each pay a second
# resolver level (~35,000 instructions per request) that no deployment pays.
urlpatterns = [
    path("bench/trivial", trivial),
    *app_urlpatterns,
]
