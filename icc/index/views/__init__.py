"""The Index pages, one module per family: responses (answering, review), rounds, results,
editions."""
