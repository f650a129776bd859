"""The real services: rules PostgreSQL enforces, and the cache shared through Redis."""

import pytest
import redis
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import IntegrityError, transaction

pytestmark = pytest.mark.integration


@pytest.mark.django_db
def test_postgresql_refuses_a_second_account_for_the_same_email_in_another_case(postgres):
    user_model = get_user_model()
    user_model.objects.create_user("pat@example.com")

    # bulk_create skips save(), which lower-cases: the database constraint alone must hold.
    with pytest.raises(IntegrityError), transaction.atomic():
        user_model.objects.bulk_create([user_model(email="PAT@example.com")])

    assert user_model.objects.count() == 1


def test_the_cache_lives_in_redis_so_every_process_shares_rate_limits(redis_url):
    cache.set("shared-counter", 3, timeout=60)

    other_process_view = redis.Redis.from_url(redis_url)
    keys = [key.decode() for key in other_process_view.scan_iter("*shared-counter*")]

    assert keys, "the Django cache did not write to the Redis at REDIS_URL"
    assert cache.get("shared-counter") == 3
