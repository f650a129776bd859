"""Demo accounts for a development machine (`make run`); refuses to run in production."""
