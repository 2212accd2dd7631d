import pytest

from portal.access import HELPDESK_GROUP
from portal.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def people(transactional_db):
    organisation = OrganisationFactory()
    asker = UserFactory(first_name="Sandra", last_name="Bakker")
    MembershipFactory(
        user=asker, organisation=organisation, role=Membership.Role.SUPERVISOR
    )
    other_asker = UserFactory()
    MembershipFactory(
        user=other_asker, organisation=organisation, role=Membership.Role.HR
    )
    return {
        "asker": asker,
        "other_asker": other_asker,
        "agent": UserFactory(first_name="Noor", groups=[HELPDESK_GROUP]),
        "colleague": UserFactory(first_name="Ruben", groups=[HELPDESK_GROUP]),
        "editor": UserFactory(groups=["Editors"]),
    }
