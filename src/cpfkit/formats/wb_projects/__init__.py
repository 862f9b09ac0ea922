"""World Bank Projects API records, as JSON or the projects list as CSV."""
