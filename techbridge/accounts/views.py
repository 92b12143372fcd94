"""A user's own API tokens: issue (the secret is shown once), list and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import TokenForm
from .models import ApiToken
from .tables import TokenTable


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = services.issue_token(request.user, **form.cleaned_data)
        except services.TokenError as error:
            form.add_error(None, str(error))
        else:
            form = TokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": TokenTable(
                ApiToken.objects.filter(user_id=request.user.pk, expiry__gt=timezone.now())
            ),
        },
    )


@login_required
@require_POST
def revoke(request: HttpRequest, token_key: str) -> HttpResponse:
    if services.revoke_token(request.user, token_key):
        messages.success(request, _("令牌已撤销。"))
    return redirect("accounts:tokens")
