"""Admin panels of the pages app that show, rather than edit, something."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class DocumentTextPanel(Panel):
    """Whether the text of the page's documents could be read, and why not: an
    editor sees that a scanned or password-protected PDF is not searchable."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("heading", _("Searchable text of the PDF"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "nkhr_pages/panels/document_text.html"

        def documents(self) -> list[dict[str, Any]]:
            from .document_text import is_pdf
            from .models.documents import DocumentTextExtraction

            rows = []
            for name in self.instance.document_field_names():
                document = getattr(self.instance, name, None)
                if document is None:
                    continue
                record = DocumentTextExtraction.objects.filter(
                    document=document
                ).first()
                rows.append(
                    {"document": document, "is_pdf": is_pdf(document), "record": record}
                )
            return rows

        def is_shown(self) -> bool:
            return hasattr(self.instance, "document_field_names")

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["documents"] = self.documents()
            return context
