from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TranslationWorkflowConfig(AppConfig):
    """English source, Korean translation: roles, status report, notices.

    Lives inside ``nkhr_pages`` but is an app of its own so that it can be
    lifted out (or left out) without touching the page types.
    """

    name = "nkhr_pages.translation"
    label = "nkhr_translation"
    verbose_name = _("Translation workflow")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from nkhr_pages.install_checks import register_checks

        from . import admin_menu, signal_handlers
        from .permissions import register_locale_scoped_policies

        register_checks()
        # Must run before any snippet viewset asks the registry for a policy
        # (wagtail_hooks are imported later), or Wagtail's per-model fallback
        # policy would win and translators could edit English snippets.
        register_locale_scoped_policies()
        signal_handlers.connect()
        admin_menu.follow_request_language()
        post_migrate.connect(signal_handlers.setup_roles_after_migrate, sender=self)

    def load_demo_content(self, out) -> None:
        """Give the demo site its roles and review workflow (after its pages)."""
        from .roles import ensure_translation_roles

        ensure_translation_roles(out)

    def setup_roles(self, out) -> None:
        """Editors, a translators group per language, Reviewers (setup_roles)."""
        from .roles import ensure_translation_roles

        ensure_translation_roles(out)

    def role_descriptions(self) -> list[tuple[str, str]]:
        """What each of the app's roles may do, for the group and user screens."""
        from .roles import role_descriptions

        return role_descriptions()
