"""Tests for reciprocal mentoring."""
