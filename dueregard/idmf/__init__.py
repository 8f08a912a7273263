"""Inclusive decision making: six-step equality and health inequalities assessments."""
