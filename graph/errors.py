"""Errors a user can fix; the CLI shows their message as is and exits 1.

In a module of its own so that command modules can raise it without
importing graph.cli (which imports them).
"""


class UserError(Exception):
    """An error the user can fix; its message is shown as is."""
