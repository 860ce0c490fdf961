"""The Satu Data store: schema, seed files, loaders and validation. Imports nothing of the UI."""
