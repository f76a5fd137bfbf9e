"""The terminal: the local chat, its rendering, and the JSON lines of the command line."""
