"""Business rules: every state change happens here, and is audited here."""
