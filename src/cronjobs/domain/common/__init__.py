"""What all else leans on: bodies, queries, time, lengths, outbound HTTP, context, transactions."""
