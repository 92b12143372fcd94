"""TechBridge: the platform of an industrial technology research organisation."""

__version__ = "0.1.0"
