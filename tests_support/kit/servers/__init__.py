"""Real servers for tests on 127.0.0.1: HTTP and SMTP stand-ins, gateway processes."""
