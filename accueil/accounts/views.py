from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import ProfileForm
from .selectors import user_roles
from .services import user_update_profile


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    roles = user_roles(user=request.user, city=request.city)  # type: ignore[attr-defined]
    return render(request, "accounts/dashboard.html", {"roles": sorted(roles)})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_update_profile(user=request.user, acting_user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
