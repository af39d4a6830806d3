"""``{% newsletter_signup %}``: the sign-up form for the footer and campaign pages."""

from django import template
from django.utils.translation import get_language

from nkhr_pages.navigation import calls_to_action

from ..forms import SubscribeForm

register = template.Library()


def _privacy_url(request) -> str:
    """The privacy policy chosen in Settings > Calls to action, if any."""
    return calls_to_action(request).get("privacy", "") if request is not None else ""


@register.inclusion_tag("nkhr_mailing/includes/signup_form.html", takes_context=True)
def newsletter_signup(
    context, heading: bool = True, id_prefix: str = "signup", compact: bool = False
) -> dict:
    return {
        # Its own ids, so that it can share a page with the sign-up page's form
        # (and the home page's section with the footer's).
        "form": SubscribeForm(language=get_language(), auto_id=f"{id_prefix}-%s"),
        "heading": heading,
        "compact": compact,
        "request": context.get("request"),
        "privacy_url": _privacy_url(context.get("request")),
    }
