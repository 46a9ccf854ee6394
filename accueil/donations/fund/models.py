"""The fund's records (declared in `accueil.donations.models`, the app's one models module, so no migration moves):
campaigns and the gifts recorded against them, calls for projects, applications, committee scores, allocations,
sponsors and the contacts made with projects."""

from accueil.donations.models import (
    Allocation,
    Application,
    CallForProjects,
    CallStatus,
    Campaign,
    Donation,
    Score,
    Sponsor,
    SponsorContact,
)

__all__ = [
    "Allocation",
    "Application",
    "CallForProjects",
    "CallStatus",
    "Campaign",
    "Donation",
    "Score",
    "Sponsor",
    "SponsorContact",
]
