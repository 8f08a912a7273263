"""Running dueregard as a service: proxies, request ids, headers, health, the scheduler,
e-mail delivery status callbacks, backup and restore. See docs/deploying.md."""
