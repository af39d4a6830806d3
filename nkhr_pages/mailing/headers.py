"""Keep names and subjects from smuggling extra header lines into a message."""

from __future__ import annotations

from email.utils import formataddr

LINE_BREAKS = (
    "\r",
    "\n",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x85",
    "\u2028",
    "\u2029",
)


def has_line_break(value: str) -> bool:
    return any(mark in value for mark in LINE_BREAKS)


def single_line(value: str) -> str:
    """``value`` with every run of whitespace (line breaks included) as one space."""
    return " ".join(value.split())


def recipient(name: str, email: str) -> str:
    """A ``To`` address; the display name cannot break out of its header."""
    name = single_line(name)
    return formataddr((name, email)) if name else email
