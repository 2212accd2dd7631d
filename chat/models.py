"""Conversations between askers and the helpdesk (later issue)."""
