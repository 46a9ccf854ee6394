"""The kernel: what every app shares (the request's city, refusals and error codes, text and geography, client
address and rate limits, base model fields, locks). It imports no domain app at run time."""
