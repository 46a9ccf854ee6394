"""Members, invitations and API tokens: who may manage them, and that refusals change nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accueil.audit.models import AuditEvent
from accueil.notifications.sender import notifications_send_due
from accueil.organisations import services
from accueil.organisations.models import ApiToken, Invitation, Membership, MembershipRole
from accueil.organisations.policies import can_manage_organisation, is_member
from accueil.organisations.selectors import token_hash
from accueil.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def state(organisation) -> dict:
    return {
        "members": sorted(Membership.objects.filter(organisation=organisation).values_list("user_id", "role")),
        "invitations": sorted(
            Invitation.objects.filter(organisation=organisation).values_list("pk", "email", "accepted_at", "revoked_at")
        ),
        "tokens": sorted(ApiToken.objects.filter(organisation=organisation).values_list("pk", "revoked_at")),
    }


def invite(as_user, admin, organisation, email="nouvelle@example.org", role="member"):
    response = as_user(admin).post(
        reverse("organisations:members", args=[organisation.slug]), {"email": email, "role": role}
    )
    assert response.status_code == 302
    assert notifications_send_due() == 1
    link = re.search(r"https?://\S+/invitations/\S+/", mail.outbox[-1].body).group(0)
    return link.split("testserver", 1)[1]


def test_policies(organisation, admin, member, other_admin, coordinator, lyon_coordinator):
    assert is_member(admin, organisation) and is_member(member, organisation)
    assert not is_member(other_admin, organisation) and not is_member(coordinator, organisation)
    assert can_manage_organisation(admin, organisation) and can_manage_organisation(coordinator, organisation)
    for user in (member, other_admin, lyon_coordinator):
        assert not can_manage_organisation(user, organisation)


@pytest.mark.smoke
def test_invitation_round_trip(as_user, client, organisation, admin):
    path = invite(as_user, admin, organisation, email="Nouvelle@Example.org", role="admin")
    invitation = Invitation.objects.get(organisation=organisation)
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert invitation.email == "nouvelle@example.org"
    assert invitation.token_hash == token_hash(token) and token not in invitation.token_hash
    assert timedelta(days=13, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=14)
    assert mail.outbox[-1].to == ["nouvelle@example.org"]
    # Signed out: the page asks to sign in or create an account with that address.
    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "nouvelle@example.org" in html and reverse("account_signup") in html and reverse("account_login") in html
    # Someone else's account cannot accept.
    intruder = UserFactory(email="intrus@example.org")
    assert as_user(intruder).post(path).status_code == 400
    assert not Membership.objects.filter(user=intruder).exists()
    newcomer = UserFactory(email="nouvelle@example.org")
    response = as_user(newcomer).post(path)
    assert response.status_code == 302
    assert Membership.objects.get(organisation=organisation, user=newcomer).role == "admin"
    invitation.refresh_from_db()
    assert invitation.accepted_by == newcomer and invitation.accepted_at is not None
    # Single use.
    Membership.objects.filter(user=newcomer).delete()
    assert as_user(newcomer).post(path).status_code == 400
    assert not Membership.objects.filter(user=newcomer).exists()
    assert AuditEvent.objects.filter(action="organisation.invitation_accepted").count() == 1


def test_expired_or_revoked_invitation_is_refused(as_user, organisation, admin):
    path = invite(as_user, admin, organisation)
    invitation = Invitation.objects.get()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    newcomer = UserFactory(email="nouvelle@example.org")
    assert as_user(newcomer).post(path).status_code == 400
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() + timedelta(days=1))
    revoke = reverse("organisations:invitation_revoke", args=[organisation.slug, invitation.pk])
    assert as_user(admin).post(revoke).status_code == 302
    assert as_user(newcomer).post(path).status_code == 400
    assert not Membership.objects.filter(user=newcomer).exists()
    assert AuditEvent.objects.filter(action="organisation.invitation_revoked").count() == 1
    assert as_user(newcomer).get("/fr/organisations/invitations/not-a-token/").status_code == 200


def test_admin_changes_role_and_removes_member(as_user, organisation, admin, member):
    client = as_user(admin)
    membership = Membership.objects.get(user=member)
    assert (
        client.post(
            reverse("organisations:member_role", args=[organisation.slug, membership.pk]), {"role": "admin"}
        ).status_code
        == 302
    )
    membership.refresh_from_db()
    assert membership.role == "admin"
    assert (
        client.post(reverse("organisations:member_remove", args=[organisation.slug, membership.pk])).status_code == 302
    )
    assert not Membership.objects.filter(pk=membership.pk).exists()
    actions = sorted(AuditEvent.objects.filter(action__startswith="organisation.").values_list("action", flat=True))
    assert actions == ["organisation.membership_removed", "organisation.membership_role_changed"]


def test_last_admin_is_never_removed_or_demoted(as_user, organisation, admin, member):
    client = as_user(admin)
    own = Membership.objects.get(user=admin)
    before = state(organisation)
    response = client.post(reverse("organisations:member_remove", args=[organisation.slug, own.pk]), follow=True)
    assert "doit garder au moins un administrateur" in response.content.decode()
    response = client.post(reverse("organisations:member_role", args=[organisation.slug, own.pk]), {"role": "member"})
    assert state(organisation) == before
    with pytest.raises(services.ValidationError):
        services.membership_remove(membership=own, acting_user=admin)
    assert state(organisation) == before


MEMBER_ACTIONS = [
    "members_page",
    "invite",
    "change_role",
    "remove",
    "revoke_invitation",
    "tokens_page",
    "create_token",
    "revoke_token",
]


@pytest.mark.parametrize("action", MEMBER_ACTIONS)
@pytest.mark.parametrize("who", ["member", "other_admin", "coordinator", "lyon_coordinator"])
def test_people_and_tokens_refused_to_non_admins(request, as_user, organisation, admin, member, who, action):
    user = request.getfixturevalue(who)
    invitation, _raw = services.invitation_create(
        organisation=organisation, email="x@example.org", role="member", acting_user=admin
    )
    token, _raw = services.api_token_create(organisation=organisation, name="site", acting_user=admin)
    target = Membership.objects.get(user=member)
    slug = organisation.slug
    calls = {
        "members_page": ("get", reverse("organisations:members", args=[slug]), {}),
        "invite": ("post", reverse("organisations:members", args=[slug]), {"email": "y@example.org", "role": "admin"}),
        "change_role": ("post", reverse("organisations:member_role", args=[slug, target.pk]), {"role": "admin"}),
        "remove": ("post", reverse("organisations:member_remove", args=[slug, target.pk]), {}),
        "revoke_invitation": ("post", reverse("organisations:invitation_revoke", args=[slug, invitation.pk]), {}),
        "tokens_page": ("get", reverse("organisations:tokens", args=[slug]), {}),
        "create_token": ("post", reverse("organisations:tokens", args=[slug]), {"name": "pirate"}),
        "revoke_token": ("post", reverse("organisations:token_revoke", args=[slug, token.pk]), {}),
    }
    method, url, data = calls[action]
    client = as_user(user)
    before = state(organisation)
    audit_before = AuditEvent.objects.count()
    outbox_before = len(mail.outbox)
    response = getattr(client, method)(url, data)
    assert response.status_code == 403
    assert state(organisation) == before
    assert AuditEvent.objects.count() == audit_before
    assert len(mail.outbox) == outbox_before


def test_admin_of_one_organisation_cannot_touch_another_through_its_ids(
    as_user, organisation, admin, other_organisation, other_admin
):
    """Ids of another organisation's records under one's own organisation's address are not found."""
    other_membership = Membership.objects.get(user=other_admin)
    token, _raw = services.api_token_create(organisation=other_organisation, name="x", acting_user=other_admin)
    before = state(other_organisation)
    client = as_user(admin)
    assert (
        client.post(reverse("organisations:member_remove", args=[organisation.slug, other_membership.pk])).status_code
        == 404
    )
    assert client.post(reverse("organisations:token_revoke", args=[organisation.slug, token.pk])).status_code == 404
    assert state(other_organisation) == before


@pytest.mark.smoke
def test_token_shown_once_and_revoked(as_user, organisation, admin):
    client = as_user(admin)
    response = client.post(reverse("organisations:tokens", args=[organisation.slug]), {"name": "Notre site"})
    assert response.status_code == 200
    raw = response.context["raw_token"]
    token = ApiToken.objects.get(organisation=organisation)
    assert raw.startswith("acc_") and token.prefix == raw[:12] and token.key_hash == token_hash(raw)
    assert raw not in client.get(reverse("organisations:tokens", args=[organisation.slug])).content.decode()
    assert (
        client.get("/api/v1/organisations/elan-solidaire/members", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code
        == 200
    )
    assert client.post(reverse("organisations:token_revoke", args=[organisation.slug, token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    from django.test import Client

    assert (
        Client().get("/api/v1/organisations/elan-solidaire/members", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code
        == 401
    )
    assert sorted(AuditEvent.objects.filter(action__startswith="organisation.").values_list("action", flat=True)) == [
        "organisation.api_token_created",
        "organisation.api_token_revoked",
    ]


def test_invitation_for_existing_member_is_refused(organisation, admin, member):
    with pytest.raises(services.ValidationError):
        services.invitation_create(
            organisation=organisation, email="MEMBER@elan.example", role="admin", acting_user=admin
        )
    assert not Invitation.objects.exists()
    assert Membership.objects.get(user=member).role == MembershipRole.MEMBER


def test_members_page_lists_people_and_pending_invitations(as_user, client, organisation, admin, member):
    services.invitation_create(organisation=organisation, email="attente@example.org", role="member", acting_user=admin)
    url = reverse("organisations:members", args=[organisation.slug])
    html = as_user(admin).get(url).content.decode()
    for text in ("admin@elan.example", "member@elan.example", "attente@example.org"):
        assert text in html
    assert client.get(url).status_code == 302  # signed out: to the sign-in page
    profile = client.get(reverse("organisations:detail", args=[organisation.slug])).content.decode()
    assert "member@elan.example" not in profile and url not in profile
