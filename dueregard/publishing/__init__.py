"""One source, many renderers: a report is built once as a ``Document``, then rendered."""
