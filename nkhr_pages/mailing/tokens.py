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


def confirm_max_age() -> int:
    return int(setting("NKHR_MAILING_CONFIRM_MAX_AGE"))


def _dumps(key: str, lists: list[str] | tuple[str, ...], salt: str) -> str:
    return signing.dumps({"k": key, "l": sorted(lists)}, salt=salt, compress=True)


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
    return TokenPayload(key=key, lists=tuple(lists))


def make_confirm_token(subscriber, lists: list[str] | tuple[str, ...]) -> str:
    return _dumps(str(subscriber.key), lists, CONFIRM_SALT)


def read_confirm_token(token: str) -> TokenPayload:
    return _loads(token, CONFIRM_SALT, confirm_max_age())


def make_unsubscribe_token(subscriber, mailing_list: str) -> str:
    return _dumps(str(subscriber.key), [mailing_list], UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> TokenPayload:
    return _loads(token, UNSUBSCRIBE_SALT, None)
