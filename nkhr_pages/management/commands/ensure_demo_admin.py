"""Create (or reset) the demo admin account and write its login to a file.

For the local demo only: the password is random per machine and printed by
``scripts/serve``; production admins are created with ``createsuperuser``.
"""

import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the demo superuser 'admin' and save its login to a file."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--credentials-file", required=True)

    def handle(self, *args, username, credentials_file, **options):
        path = Path(credentials_file)
        password = None
        if path.exists():
            for line in path.read_text().splitlines():
                if line.startswith("Login:"):
                    password = line.split("password", 1)[1].strip()
        password = password or secrets.token_urlsafe(12)
        user, _created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": "admin@example.org"}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Login: user {username}  password {password}\n")
        path.chmod(0o600)
        self.stdout.write(f"Admin user '{username}' is ready.")
