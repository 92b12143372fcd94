"""The steps of the demo generator, one module per domain."""
