"""Adapters that turn other inspection tables into RiskModel inputs."""
