"""Profiles in: the format (``fields``), the hardened YAML reader, validation and its warnings,
tables of shops, discovery of files on the command line, the JSON Schema and the starter
templates. Nothing here knows about the model, the advice or the output."""
