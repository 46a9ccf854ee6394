"""The resource library: documents partners share, public or for the platform's members, with their versions."""
