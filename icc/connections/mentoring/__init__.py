"""Mentoring from pilot cities: schemes, matching, agreements, check-ins, closure, effect."""
