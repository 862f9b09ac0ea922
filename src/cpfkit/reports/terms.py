"""The glossary terms a report names: each label one hover from its definition, and listed as a footnote.

Reports are also printed (PDF), where nothing hovers: every term a report uses
is written with its definition in ``title=`` and listed again, with the
definition, in the report's "Figures" section before the sources.
"""

from __future__ import annotations

from markupsafe import Markup

from cpfkit.model.figures import Term, term

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
        """The label of ``key`` as ``<abbr>`` with its definition; lower case unless ``capitalised``."""
        t = term(key)
        if t not in self.used:
            self.used.append(t)
        label = t.label if capitalised else t.label[0].lower() + t.label[1:]
        return Markup('<abbr class="term" data-term="{0}" title="{1}">{2}</abbr>').format(t.key, t.definition, label)
