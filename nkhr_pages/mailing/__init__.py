"""Newsletter mailing: subscriptions with double opt-in, assembling, rendering and
sending newsletter issues. A Django app of its own (label ``nkhr_mailing``) that
depends on nkhr_pages' page types, never the other way round."""
