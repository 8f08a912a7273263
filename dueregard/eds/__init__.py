"""The Equality Delivery System: assessments, evidence, grading, agreement, publication."""
