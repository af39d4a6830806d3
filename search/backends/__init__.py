"""Search backends for the NKHR site: Wagtail's own, taught Korean.

Chosen in settings only (``WAGTAILSEARCH_BACKENDS``); nothing else imports them.
"""
