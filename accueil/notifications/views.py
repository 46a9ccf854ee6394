"""The outbox page: a coordinator sees their city's waiting and failed messages (never their text) and sends a
failed one again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accueil.core.http import SignedInRequest, city_of

from .models import MessageStatus
from .policies import can_view_outbox
from .selectors import message_get_visible, outbox_for_city
from .services import message_retry

MESSAGES_PER_PAGE = 50


@login_required
def outbox(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    if not can_view_outbox(user=request.user, city=city):
        raise PermissionDenied
    page = Paginator(outbox_for_city(city=city), MESSAGES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/outbox.html", {"page": page, "city": city})


@login_required
@require_POST
def retry(request: SignedInRequest, pk: int) -> HttpResponse:
    message = message_get_visible(user=request.user, city=city_of(request), pk=pk)
    if message.status != MessageStatus.FAILED:
        messages.error(request, _("Only a failed message can be sent again."))
    else:
        message_retry(message=message, acting_user=request.user)
        messages.success(request, _("The message is back in the queue."))
    return redirect("notifications:outbox")
