"""Languages that are honest: catalogue status, review records and the translators' workflow.

A language is *offered* (selectable, and the label of a page) only when every string of its
catalogue is translated, none is fuzzy, and every translation has been reviewed by a named
person since it last changed. ``catalogues`` reads that status from the PO files;
``exchange`` exports a language for translators (PO or XLIFF) and imports their work back
with validation; ``manage.py translations`` is the command line for both.
"""
