"""Sections that apps add to an employee's data download, so the app that
builds the download needs to import none of the others (like panels.py)."""

_sections = {}


def register_export(name, build):
    """`build(employee)` returns plain data about the employee, or None."""
    _sections[name] = build


def exported_sections(employee):
    return {name: build(employee) for name, build in sorted(_sections.items())}
