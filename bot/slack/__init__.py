"""The Slack layer: a thin Bolt app over the plain-Python core in `bot`."""
