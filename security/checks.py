from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def proxy_count_matches_the_tls_proxy(app_configs, **kwargs) -> list[Warning]:
    """Behind a proxy, every visitor arrives from the proxy's address unless
    TRUSTED_PROXY_COUNT says where the client's is: rate limits then count everyone together,
    and ten wrong passwords a minute lock the whole site."""
    behind_proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None) is not None
    if behind_proxy and settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0:
        return [
            Warning(
                "BEHIND_TLS_PROXY is set but TRUSTED_PROXY_COUNT is 0: every visitor shares the "
                "proxy's address for rate limits and the security log.",
                hint="Set TRUSTED_PROXY_COUNT to the number of proxies that append to "
                "X-Forwarded-For (usually 1).",
                id="security.W001",
            )
        ]
    return []
