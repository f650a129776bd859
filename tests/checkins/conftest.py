import pytest

from content.services import library_load
from tests.factories import UserFactory, link_partners


@pytest.fixture
def library(db):
    library_load()


@pytest.fixture
def couple(library):
    """Alex and Sam, linked."""
    alex, sam = UserFactory(email="alex@example.com"), UserFactory(email="sam@example.com")
    link_partners(alex, sam)
    return alex, sam
