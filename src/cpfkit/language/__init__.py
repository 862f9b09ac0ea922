"""The words and formats of every language cpfkit speaks, for the pages, the reports, the CLI and the engines.

* :mod:`cpfkit.language.catalogs`: the message catalogs and their look-up by language;
* :mod:`cpfkit.language.formatting`: numbers, percentages, US dollars, dates and fiscal years by language;
* :mod:`cpfkit.language.message`: a message an engine returns (an English original and its values),
  written in a reader's language only where it is shown.

``python -m cpfkit.language --untranslated`` lists the messages each catalog still lacks.
"""
