"""Workshops and events: fair first-come booking, waiting lists, invitations, evaluation."""
