"""Importers: files in, Workspace out. Each importer turns one kind of file into the model."""
