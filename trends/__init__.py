"""Weekly aggregates of scores, computed in SQL, for the dashboards."""
