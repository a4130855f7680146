"""Advice: the facts every rule reads, the rules (one module each), the health score and the
ranking of a batch. Pure data in, pure data out: the words are added at the output edge."""
