"""The request and response models of the FastAPI stack, one module per endpoint group."""
