"""``python -m batchlint``: the ``batchlint`` command."""

from batchlint._cli import main

if __name__ == "__main__":
    main()
