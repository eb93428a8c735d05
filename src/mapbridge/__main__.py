"""`python -m mapbridge`: the same as the `mapbridge` command."""

from mapbridge.cli import main

if __name__ == "__main__":
    main()
