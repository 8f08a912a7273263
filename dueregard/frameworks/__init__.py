"""Framework definitions held as versioned data.

The EDS versions (EDS 2011, EDS2, EDS 2022), the Inclusive Decision Making Framework
(IDMF) and the canonical list of protected characteristics and additional groups live as
YAML files in ``dueregard/frameworks/data/``. ``dueregard.frameworks.definitions`` reads
and validates them with no Django import; the Django app in this package stores each
version it loads, so an assessment keeps the version it was made with.
"""
