"""Reciprocal mentoring for inclusion."""
