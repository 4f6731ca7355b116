"""Workflows as data (``definitions``) and the engine that fires them (``engine``)."""
