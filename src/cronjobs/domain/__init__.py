"""Business rules, validation and serialisation, written once and used by both stacks."""
