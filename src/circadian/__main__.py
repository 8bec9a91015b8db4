"""``python -m circadian`` runs the same command as ``circadian``."""

from circadian.cli import main

if __name__ == "__main__":
    main()
