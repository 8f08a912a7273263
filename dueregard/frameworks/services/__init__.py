"""Loading framework files into versioned rows, and reading them back."""
