"""The ``qms`` console command: ``manage.py`` under the product's name.

``qms demo``, ``qms organisations_import_units``, ``qms runserver`` ... all go through Django's
management machinery, so every command of every app is available.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["qms", *sys.argv[1:]])


if __name__ == "__main__":
    main()
