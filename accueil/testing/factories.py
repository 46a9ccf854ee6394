"""factory_boy factories shared by the tests of every app."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from accueil.accounts.models import RoleAssignment, User
from accueil.organisations.models import Membership, Organisation, OrganisationType, Verification
from accueil.territories.models import City, District


class CityFactory(DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"city-{n}")
    name = factory.Sequence(lambda n: f"City {n}")
    latitude = "48.85660"
    longitude = "2.35220"


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District

    city = factory.SubFactory(CityFactory)
    number = factory.Sequence(lambda n: n + 1)
    code = factory.LazyAttribute(lambda o: f"751{o.number:02d}")
    name = factory.LazyAttribute(lambda o: f"District {o.number}")
    population = 100_000
    latitude = "48.85660"
    longitude = "2.35220"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            from allauth.account.models import EmailAddress

            self.save()
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class RoleAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    city = factory.SubFactory(CityFactory)
    role = "volunteer"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    city = factory.SubFactory(CityFactory)
    name = factory.Sequence(lambda n: f"Association {n}")
    slug = factory.Sequence(lambda n: f"association-{n}")
    type = OrganisationType.ASSOCIATION
    verification = Verification.VERIFIED


def second_factor_enrol(user: User) -> None:
    """An authenticator app for `user`, as the site requires of whoever can read sensitive data."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "JBSWY3DPEHPK3PXP"}}
    )


class MembershipFactory(DjangoModelFactory):
    """A member of an organisation; members may read beneficiaries, households or referrals, so they have
    enrolled a second factor (`second_factor=False` for a member who has not)."""

    class Meta:
        model = Membership
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = "member"

    @factory.post_generation
    def second_factor(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted is not False:
            second_factor_enrol(self.user)
