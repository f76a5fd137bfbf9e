"""pimbot: Protection Information Management advice for humanitarian teams in Slack."""

__version__ = "0.1.0"
