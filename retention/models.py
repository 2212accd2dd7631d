"""Adjustment plans, the employee's own plan, and absence (later issues)."""
