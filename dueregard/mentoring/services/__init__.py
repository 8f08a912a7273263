"""Mentoring services: pure solvers first; Django-facing services call them."""
