"""Inclusive Leader awards: nominations, consent, conflict-free blind judging, winners."""
