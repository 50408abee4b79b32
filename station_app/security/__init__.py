"""Security of the counter: signed pickup tokens (format, head-office signing, offline checks).

Staff PINs and roles will live here too (see DESIGN.md §3).
"""
