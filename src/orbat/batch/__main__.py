"""`python -m orbat.batch INPUT... --db URL`: the batch command without the rest of the CLI."""

from orbat.views.batch_cli import main

if __name__ == "__main__":
    main()
