"""dueregard: equality and health inequalities assurance for health and care systems."""

__version__ = "0.1.0"
