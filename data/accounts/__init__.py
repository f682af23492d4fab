"""Accounts: who may sign in (users.py), the sessions a sign-in opens and every change to
a user ends (sessions.py), and the sign-in check with its throttling (sign_in.py)."""
