"""Stand-ins for Slack, shared by the tests and the benchmark: a fake Web API that records calls, requests
signed as Slack signs them, and a pimbot process started as a user starts it."""
