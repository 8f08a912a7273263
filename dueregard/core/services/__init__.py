"""Business rules of the core: every state change happens here, and is audited here."""
