"""Benchmarks at realistic scale: see bench/README.md. Run each as `python -m bench.<name>`."""
