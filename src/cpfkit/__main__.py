"""``python -m cpfkit``: the same command line as the ``cpfkit`` script."""

from cpfkit.cli import main

if __name__ == "__main__":
    main()
