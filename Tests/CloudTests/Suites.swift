import Testing

/// The observer's suites share one moto and proxy; each test works in regions of its own.
@Suite("Observer against moto", .cloudWorld)
struct ObserverSuites {}

/// The executor's suites share one moto and proxy; each test works in regions of its own.
@Suite("Executor against moto", .cloudWorld)
struct ExecutorSuites {}
