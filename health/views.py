from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .services import heartbeat_last_seen


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and compose health checks: the database answers; when beat last ran."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"database": "unavailable"}, status=503)
    last_seen = heartbeat_last_seen()
    return JsonResponse(
        {"database": "ok", "beat_last_seen": last_seen.isoformat() if last_seen else None}
    )
