"""HTTP routes, one module per resource. Each route parses, calls one service, returns a schema."""
