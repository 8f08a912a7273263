"""The Equality Delivery System: assessments, evidence, grading with local interests, publication."""
