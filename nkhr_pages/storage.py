"""File storage with two roots: public media, and protected media no web server serves.

Why: a photo of a person who must not be identified, or whose consent ends on a
date, must never be a file that anyone can fetch by guessing its name. Files of
such images (originals and renditions) and every document therefore live under
``NKHR_PROTECTED_MEDIA_ROOT``, outside ``MEDIA_ROOT``; their URLs point at a
Django view (``nkhr_pages.media_views``) that decides at request time who may
have them. Everything else stays in ``MEDIA_ROOT`` for the web server to serve
fast.

How a file's root is chosen:
- a stored name is the same in both roots (``original_images/rally.jpg``): moving
  a file between roots never changes the database, so flipping a consent flag
  is a file move and nothing else;
- on save, a name starting with ``protected/`` (what ``upload_to`` returns for
  protected images, see ``ProtectedImage.get_upload_to``) or under one of
  ``always_protected`` (``documents/``) is written to the protected root; the
  ``protected/`` hint is never part of the stored name;
- afterwards the file's root is where it is: a name is protected when it is
  under ``always_protected`` or its file exists in the protected root;
- a name is only available when it is free in both roots, so one name never
  means two files.

Only local file systems are supported (both roots are directories).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.urls import reverse
from django.utils.deconstruct import deconstructible

PROTECTED_HINT = "protected/"
PROTECTED_MEDIA_URL_NAME = "nkhr_protected_media"


def protected_media_root() -> Path:
    """Where protected files live: never inside ``MEDIA_ROOT``, never served."""
    return Path(settings.NKHR_PROTECTED_MEDIA_ROOT)


@deconstructible(path="nkhr_pages.storage.ConsentAwareStorage")
class ConsentAwareStorage(Storage):
    """The project's default storage: public files in ``MEDIA_ROOT``, protected
    ones in ``NKHR_PROTECTED_MEDIA_ROOT`` (see the module docstring)."""

    def __init__(self, always_protected: tuple[str, ...] | list[str] = ("documents/",)):
        self.always_protected = tuple(always_protected)
        self.public = FileSystemStorage()  # MEDIA_ROOT and MEDIA_URL, kept current
        self._protected: tuple[Path, FileSystemStorage] | None = None

    # --- the two roots ---
    @property
    def protected(self) -> FileSystemStorage:
        """The protected root, following the setting (tests change it)."""
        root = protected_media_root()
        if self._protected is None or self._protected[0] != root:
            self._protected = (root, FileSystemStorage(location=root, base_url="/"))
        return self._protected[1]

    @staticmethod
    def strip_hint(name: str) -> tuple[str, bool]:
        name = str(name).replace("\\", "/")
        if name.startswith(PROTECTED_HINT):
            return name[len(PROTECTED_HINT) :], True
        return name, False

    def is_protected(self, name: str) -> bool:
        """True when the file of ``name`` is (to be) kept in the protected root."""
        name, hinted = self.strip_hint(name)
        return (
            hinted
            or name.startswith(self.always_protected)
            or self.protected.exists(name)
        )

    def _storage_for(self, name: str) -> tuple[FileSystemStorage, str]:
        bare, _hinted = self.strip_hint(name)
        root = self.protected if self.is_protected(name) else self.public
        return root, bare

    def public_path(self, name: str) -> str:
        return self.public.path(self.strip_hint(name)[0])

    def protected_path(self, name: str) -> str:
        return self.protected.path(self.strip_hint(name)[0])

    # --- moving between roots ---
    def protect(self, name: str) -> bool:
        """Move the file of ``name`` into the protected root; True if it moved.

        A public copy left beside a protected one (an interrupted move) is
        deleted: protection wins."""
        return _move(self.public_path(name), self.protected_path(name))

    def unprotect(self, name: str) -> bool:
        """Move the file of ``name`` back to public media; True if it moved.
        Names under ``always_protected`` stay."""
        if self.strip_hint(name)[0].startswith(self.always_protected):
            return False
        return self.release(name)

    def release(self, name: str) -> bool:
        """Move the file of ``name`` to public media, whatever the rules say:
        only for undoing migration 0004."""
        return _move(self.protected_path(name), self.public_path(name))

    # --- Storage API ---
    def _open(self, name, mode="rb"):
        storage, bare = self._storage_for(name)
        return storage.open(bare, mode)

    def _save(self, name, content):
        bare, hinted = self.strip_hint(name)
        if hinted or bare.startswith(self.always_protected):
            return self.protected._save(bare, content)
        return self.public._save(bare, content)

    def path(self, name):
        storage, bare = self._storage_for(name)
        return storage.path(bare)

    def delete(self, name):
        # Both roots: the file may have moved since the deletion was scheduled.
        bare, _hinted = self.strip_hint(name)
        self.public.delete(bare)
        self.protected.delete(bare)

    def exists(self, name):
        bare, _hinted = self.strip_hint(name)
        return self.public.exists(bare) or self.protected.exists(bare)

    def listdir(self, path):
        storage, bare = self._storage_for(path)
        return storage.listdir(bare)

    def size(self, name):
        storage, bare = self._storage_for(name)
        return storage.size(bare)

    def url(self, name):
        if self.is_protected(name):
            return protected_media_url(name)
        return self.public.url(self.strip_hint(name)[0])

    def get_accessed_time(self, name):
        storage, bare = self._storage_for(name)
        return storage.get_accessed_time(bare)

    def get_created_time(self, name):
        storage, bare = self._storage_for(name)
        return storage.get_created_time(bare)

    def get_modified_time(self, name):
        storage, bare = self._storage_for(name)
        return storage.get_modified_time(bare)


def _move(source: str, target: str) -> bool:
    """Move ``source`` to ``target`` (a rename on one file system, else copy and
    delete). When both exist, the target is kept and the source deleted."""
    if not os.path.lexists(source):
        return False
    if os.path.lexists(target):
        os.remove(source)
        return True
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.move(source, target)
    return True


def protected_media_url(name: str) -> str:
    """The URL of the checked view for the file ``name``."""
    bare = ConsentAwareStorage.strip_hint(name)[0]
    return reverse(PROTECTED_MEDIA_URL_NAME, kwargs={"name": bare})


def consent_aware_storage() -> ConsentAwareStorage | None:
    """The project's default storage when it is a ``ConsentAwareStorage``."""
    from django.core.files.storage import storages

    storage = storages["default"]
    return storage if isinstance(storage, ConsentAwareStorage) else None
