"""factory_boy factories for the portal's people and organisations."""

import datetime

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from portal.models import Employee, Membership, Organisation, User

PASSWORD = "een-goed-wachtwoord-42"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = Organisation.Kind.SW_COMPANY


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a verified email address who can log in with PASSWORD."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@voorbeeld.example")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(
                user=self,
                email=self.email,
                verified=extracted is not False,
                primary=True,
            )

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or ():
            self.groups.add(Group.objects.get_or_create(name=name)[0])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.EMPLOYEE


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    employment_start = datetime.date(2020, 1, 6)


GROUP_CHANGES = ["remove", "clear", "rename", "delete"]


def change_group(name, way, member=None):
    """A group loses its meaning for its members in one of GROUP_CHANGES
    ways: one member taken out, all at once, the group renamed or deleted."""
    group = Group.objects.get(name=name)
    if way == "remove":
        member.groups.remove(group)
    elif way == "clear":
        group.user_set.clear()
    elif way == "rename":
        group.name = f"Vroegere {name}"
        group.save()
    else:
        group.delete()
