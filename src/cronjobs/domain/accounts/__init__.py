"""Users, logins, tokens, passwords, access rules and preferences (spec §2, §4.1)."""
