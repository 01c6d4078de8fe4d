"""The transactional outbox: a task queued inside a transaction is first a row of that
transaction, so that a broker that cannot be reached when it commits loses nothing."""
