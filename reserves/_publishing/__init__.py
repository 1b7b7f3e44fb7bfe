"""Publishing: charts that carry their caveats, the notebooks run in a real kernel, and the report page."""
