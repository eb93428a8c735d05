"""Format knowledge shared by an importer and an exporter of the same format (neither imports the other)."""
