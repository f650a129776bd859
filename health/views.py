from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .services import broker_is_reachable, cache_is_reachable, heartbeat_last_seen


def _state(ok: bool) -> str:
    return "ok" if ok else "unavailable"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers, compose health checks and operators. 503 only when the database is
    down: without the cache or the broker, pages still answer and check-ins are saved (the
    status says "degraded"), so the web process must stay in rotation."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "down", "database": "unavailable"}, status=503)
    cache_ok, broker_ok = cache_is_reachable(), broker_is_reachable()
    last_seen = heartbeat_last_seen()
    return JsonResponse(
        {
            "status": "ok" if cache_ok and broker_ok else "degraded",
            "database": "ok",
            "cache": _state(cache_ok),
            "broker": _state(broker_ok),
            "beat_last_seen": last_seen.isoformat() if last_seen else None,
        }
    )
