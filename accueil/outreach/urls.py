from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("", views.home, name="home"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:pk>/edit/", views.team_edit, name="team_edit"),
    path("teams/<int:pk>/members/", views.team_member_add, name="team_member_add"),
    path("teams/<int:pk>/members/<int:user_pk>/remove/", views.team_member_remove, name="team_member_remove"),
    path("teams/<int:pk>/rounds/", views.round_create, name="round_create"),
    path("teams/<int:pk>/encounter/", views.encounter_create, name="encounter_create"),
    path("persons/<int:pk>/", views.person_detail, name="person_detail"),
    path("persons/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("persons/<int:pk>/consent/", views.person_consent, name="person_consent"),
    path("persons/<int:pk>/refer/", views.person_refer, name="person_refer"),
    path("persons/<int:pk>/data/", views.person_data, name="person_data"),
    path("persons/<int:pk>/erase/", views.person_erase, name="person_erase"),
    path("referrals/", views.referral_inbox, name="referral_inbox"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/move/", views.referral_move, name="referral_move"),
    path("referrals/<int:pk>/reserve/", views.referral_reserve, name="referral_reserve"),
    path("camps/", views.camp_list, name="camp_list"),
    path("camps/<int:pk>/", views.camp_detail, name="camp_detail"),
    path("camps/<int:pk>/households/", views.camp_household_add, name="camp_household_add"),
    path("camps/<int:pk>/households/<int:household_pk>/", views.camp_household_decide, name="camp_household_decide"),
    path("interpreting/", views.interpreting, name="interpreting"),
    path("interpreting/mine/", views.my_interpreting, name="my_interpreting"),
    path("interpreting/mine/<int:pk>/", views.my_interpreting_answer, name="my_interpreting_answer"),
    path("interpreting/match/", views.interpreting_match, name="interpreting_match"),
    path("interpreting/<int:pk>/cancel/", views.interpreting_cancel, name="interpreting_cancel"),
    path("interpreters/", views.interpreters, name="interpreters"),
    path("places/", views.landmark_create, name="landmark_create"),
    path("figures/", views.figures, name="figures"),
]
