"""What the whole domain leans on: bodies, queries, time, lengths, outbound HTTP, context."""
