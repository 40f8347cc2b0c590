"""Undoing bulk changes of contacts, companies and deals."""
