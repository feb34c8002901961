"""Why a copy refuses to start: one exception type, one clear message, nothing written."""


class CopyRefused(Exception):
    """The copy was refused before writing anything; the message tells the user what to do."""
