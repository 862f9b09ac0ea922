"""The glossary terms a report names: each label one hover from its definition, and listed as a footnote.

Reports are also printed (PDF), where nothing hovers: every term a report uses
is written with its definition in ``title=`` and listed again, with the
definition, in the report's "Figures" section before the sources.
"""

from __future__ import annotations

from markupsafe import Markup

from cpfkit.model.figures import Term, term
from cpfkit.reports.language import gettext

__all__ = ["TermNotes"]


class TermNotes:
    """Writes glossary labels for one report and remembers which it wrote, in order.

    Examples:
        >>> notes = TermNotes()
        >>> str(notes("own_operations"))[:45]
        '<abbr class="term" data-term="own_operations"'
        >>> [t.key for t in notes.used]
        ['own_operations']
    """

    def __init__(self) -> None:
        """Start with no term used."""
        self.used: list[Term] = []

    def __call__(self, key: str, capitalised: bool = True) -> Markup:
        """The label of ``key`` as ``<abbr>`` with its definition in the report's language; lower case unless asked."""
        t = term(key)
        if t not in self.used:
            self.used.append(t)
        label, definition = gettext(t.label), gettext(t.definition)
        label = label if capitalised else label[0].lower() + label[1:]
        return Markup('<abbr class="term" data-term="{0}" title="{1}">{2}</abbr>').format(t.key, definition, label)
