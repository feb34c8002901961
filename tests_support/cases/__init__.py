"""The contract both stacks replay: case tables per feature, and the scripted sessions."""
