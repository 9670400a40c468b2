// MARK: - DynamoDB writes, one at a time

extension MotoServer {
    /// `sitecustomize.py` lines that make moto's DynamoDB writes atomic, as DynamoDB's are.
    ///
    /// moto 5.2 checks a write's `ConditionExpression` and then stores the item with no lock, while its server
    /// answers requests on many threads: two conditional `PutItem`s racing for the same free key can both pass the
    /// check and both succeed, which DynamoDB never allows (a conditional write is atomic for its item). The lease
    /// relies on exactly that guarantee, so its tests would otherwise see two holders now and then. The patch runs
    /// every item write (put, update, delete, transactional write) under one lock; reads are unchanged.
    public static let atomicDynamoDBWritesPatch = #"""
        def _kiln_atomic_dynamodb_writes():
            import functools
            import threading
            from moto.dynamodb.models import DynamoDBBackend

            lock = threading.RLock()

            def serialized(method):
                @functools.wraps(method)
                def wrapper(*args, **kwargs):
                    with lock:
                        return method(*args, **kwargs)
                return wrapper

            for name in ("put_item", "update_item", "delete_item", "transact_write_items"):
                setattr(DynamoDBBackend, name, serialized(getattr(DynamoDBBackend, name)))

        _kiln_atomic_dynamodb_writes()
        """#
}
