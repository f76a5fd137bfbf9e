"""The knowledge base: the YAML files, the entries they hold, their checks, freshness and export."""
