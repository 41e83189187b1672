"""Renderers over one ``Result``: they format, they never recompute."""
