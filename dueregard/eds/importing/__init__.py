"""Import of an existing published EDS report: a pure parser (no Django).

The importer turns a published Equality Delivery System report (plain text, Word .docx or
a PDF with a text layer) into a draft for a person to review before anything is saved:

- :func:`~dueregard.eds.importing.parser.extract_text` reads the uploaded file's bytes
  into text, or raises :class:`~dueregard.eds.importing.parser.ImportFileError` with a
  message a person can act on;
- :func:`~dueregard.eds.importing.parser.parse_report` finds each outcome of the framework
  in that text (even when the PDF conversion split headings over lines, put grades on
  separate lines or lost a heading) and extracts its grade, lead contacts, narrative,
  reasons per grading factor and coverage word; everything it could not place is listed
  in ``unrecognised``;
- :func:`~dueregard.eds.importing.parser.check_report` lists the problems a person must
  look at: outcomes missing or not graded, grades without reasons, reasons that conclude
  a different grade, "Excelling" without peer review and innovation, grades that do not
  follow the coverage rule, actions without owners or dates, duplicate sections;
- :func:`~dueregard.eds.importing.textual.concluded_grade` tells which grade a free-text
  reason concludes ("should be graded as 'developing'"); it does not depend on the parser
  and is reused by the sign-off checks of grades typed into the app.

Everything here is plain Python over :mod:`dueregard.frameworks.definitions`; the results
are frozen dataclasses with a JSON-safe ``to_dict()`` for storing the draft import.
"""
