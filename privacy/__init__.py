"""A person's own data across every app: the JSON export and account deletion."""
