"""Benchmarks (`make bench`): each module's main() prints its own figures."""
