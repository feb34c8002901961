"""The service's side of the cutover: its contract, the ledger, the command line, who may flip."""
