"""Prefect flows: thin wrappers that sequence the pipeline's stages and publish what a run did."""
