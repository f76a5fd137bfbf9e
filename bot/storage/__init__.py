"""The database (SQLAlchemy): deliveries, subscriptions, redelivery keys and curation counts."""
