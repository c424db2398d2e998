"""Gloss: a static site generator for annotated articles."""
