"""Exporters: Workspace in, files out. Exporters never import importers (and vice versa)."""
