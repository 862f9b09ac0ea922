"""``python -m cpfkit.language --untranslated``: the messages each catalog still lacks (the end of ``make i18n``)."""

from __future__ import annotations

import sys

from cpfkit.language.catalogs import DEFAULT_LOCALE, LOCALES, untranslated


def main(argv: list[str]) -> int:
    """Print, per language, the count and the first messages not yet translated."""
    if argv != ["--untranslated"]:
        print("usage: python -m cpfkit.language --untranslated", file=sys.stderr)
        return 2
    for lang in LOCALES:
        if lang != DEFAULT_LOCALE:
            missing = untranslated(lang)
            print(f"{lang}: {len(missing)} message(s) to translate" + "".join(f"\n  {m}" for m in missing[:20]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
