"""Benchmarks of the reference head-office server (push backlog, pull orders)."""
