"""Signed links: confirming a subscription (expires) and unsubscribing (does not,
so that the link in a years-old email still works)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

from nkhr_pages.conf import setting

from .lists import MailingList

CONFIRM_SALT = "nkhr_mailing.confirm"
UNSUBSCRIBE_SALT = "nkhr_mailing.unsubscribe"


class TokenError(Exception):
    """A link that is malformed, forged or out of date."""

    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


@dataclass(frozen=True)
class TokenPayload:
    key: str
    lists: tuple[str, ...]
    # Confirmation links only: the opt-in round of each list (see
    # ``Subscription.confirmation_nonce``); "" in links sent before rounds existed.
    nonces: tuple[tuple[str, str], ...] = ()

    def nonce_for(self, mailing_list: str) -> str:
        return dict(self.nonces).get(mailing_list, "")


def confirm_max_age() -> int:
    return int(setting("NKHR_MAILING_CONFIRM_MAX_AGE"))


def _dumps(
    key: str,
    lists: list[str] | tuple[str, ...],
    salt: str,
    nonces: dict[str, str] | None = None,
) -> str:
    data: dict = {"k": key, "l": sorted(lists)}
    if nonces:
        data["n"] = nonces
    return signing.dumps(data, salt=salt, compress=True)


def _loads(token: str, salt: str, max_age: int | None) -> TokenPayload:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise TokenError(expired=True) from exc
    except signing.BadSignature as exc:
        raise TokenError() from exc
    if not isinstance(data, dict):
        raise TokenError()
    key, lists = data.get("k"), data.get("l")
    valid_lists = set(MailingList.values)
    if (
        not isinstance(key, str)
        or not isinstance(lists, list)
        or not lists
        or not set(lists) <= valid_lists
    ):
        raise TokenError()
    nonces = data.get("n", {})
    if not isinstance(nonces, dict) or not all(
        isinstance(value, str) and name in lists for name, value in nonces.items()
    ):
        raise TokenError()
    return TokenPayload(
        key=key, lists=tuple(lists), nonces=tuple(sorted(nonces.items()))
    )


def make_confirm_token(
    subscriber, lists: list[str] | tuple[str, ...], nonces: dict[str, str] | None = None
) -> str:
    """A link that confirms ``lists``; with ``nonces`` (list -> opt-in round) it
    only works for those rounds, so it is good once."""
    return _dumps(str(subscriber.key), lists, CONFIRM_SALT, nonces)


def read_confirm_token(token: str) -> TokenPayload:
    return _loads(token, CONFIRM_SALT, confirm_max_age())


def make_unsubscribe_token(subscriber, mailing_list: str) -> str:
    return _dumps(str(subscriber.key), [mailing_list], UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> TokenPayload:
    return _loads(token, UNSUBSCRIBE_SALT, None)
